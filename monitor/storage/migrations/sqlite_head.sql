-- The schema the migrations make on a new SQLite database, read from one
-- (`migrate.write_sqlite_head`); `migrate.ensure_schema` makes new databases with it.
-- revision: 0018
CREATE TABLE alembic_version (
	version_num VARCHAR(32) NOT NULL, 
	CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
);
CREATE TABLE feed (
	id INTEGER NOT NULL, 
	url VARCHAR NOT NULL, 
	name VARCHAR, 
	title VARCHAR, 
	configured BOOLEAN NOT NULL, 
	status VARCHAR NOT NULL, 
	etag VARCHAR, 
	last_modified VARCHAR, 
	body_hash VARCHAR, 
	last_error TEXT, 
	consecutive_failures INTEGER NOT NULL, 
	last_checked_at DATETIME, 
	last_success_at DATETIME, 
	next_check_at DATETIME NOT NULL, 
	entries_seen INTEGER NOT NULL, 
	created_at DATETIME NOT NULL, fetch_url VARCHAR, ttl INTEGER, arrivals JSON, rate_since DATETIME, check_interval FLOAT, interval_reason VARCHAR, lease_owner VARCHAR, lease_until DATETIME, last_cut TEXT, 
	PRIMARY KEY (id), 
	UNIQUE (url)
);
CREATE INDEX ix_feed_next_check_at ON feed (next_check_at);
CREATE TABLE story (
	id INTEGER NOT NULL, 
	title VARCHAR NOT NULL, 
	first_seen DATETIME NOT NULL, 
	last_seen DATETIME NOT NULL, 
	profile JSON, 
	facts JSON, 
	article_count INTEGER NOT NULL, 
	topics JSON, merged_into INTEGER CONSTRAINT fk_story_merged_into_story REFERENCES story (id), members JSON, 
	PRIMARY KEY (id)
);
CREATE INDEX ix_story_last_seen ON story (last_seen);
CREATE TABLE sighting (
	id INTEGER NOT NULL, 
	feed_id INTEGER NOT NULL, 
	entry_key VARCHAR NOT NULL, 
	url VARCHAR NOT NULL, 
	article_id INTEGER, 
	seen_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(article_id) REFERENCES article (id), 
	FOREIGN KEY(feed_id) REFERENCES feed (id), 
	UNIQUE (feed_id, entry_key)
);
CREATE INDEX ix_sighting_article_id ON sighting (article_id);
CREATE TABLE delivery (
	id INTEGER NOT NULL, 
	alert_id VARCHAR NOT NULL, 
	channel VARCHAR NOT NULL, 
	status VARCHAR NOT NULL, 
	attempts INTEGER NOT NULL, 
	next_attempt_at DATETIME NOT NULL, 
	last_attempt_at DATETIME, 
	last_status INTEGER, 
	last_error TEXT, 
	delivered_at DATETIME, 
	created_at DATETIME NOT NULL, bundle_id VARCHAR, queued_at DATETIME, 
	PRIMARY KEY (id), 
	FOREIGN KEY(alert_id) REFERENCES alert (id), 
	UNIQUE (alert_id, channel)
);
CREATE INDEX ix_delivery_alert_id ON delivery (alert_id);
CREATE INDEX ix_delivery_next_attempt_at ON delivery (next_attempt_at);
CREATE INDEX ix_delivery_status ON delivery (status);
CREATE TABLE storyevent (
	id INTEGER NOT NULL, 
	story_id INTEGER NOT NULL, 
	article_id INTEGER, 
	at DATETIME NOT NULL, 
	kind VARCHAR NOT NULL, 
	summary TEXT NOT NULL, 
	details JSON, 
	PRIMARY KEY (id), 
	FOREIGN KEY(article_id) REFERENCES article (id), 
	FOREIGN KEY(story_id) REFERENCES story (id)
);
CREATE INDEX ix_storyevent_article_id ON storyevent (article_id);
CREATE INDEX ix_storyevent_story_id ON storyevent (story_id);
CREATE INDEX ix_story_merged_into ON story (merged_into);
CREATE TABLE "storyterm" (
	id INTEGER NOT NULL, 
	term VARCHAR NOT NULL, 
	story_id INTEGER NOT NULL, 
	last_seen DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(story_id) REFERENCES story (id)
);
CREATE INDEX ix_storyterm_story_id ON storyterm (story_id);
CREATE UNIQUE INDEX ix_storyterm_term ON storyterm (term, story_id);
CREATE TABLE "article" (
	id INTEGER NOT NULL, 
	url VARCHAR NOT NULL, 
	title VARCHAR NOT NULL, 
	source VARCHAR NOT NULL, 
	source_name VARCHAR, 
	feed_id INTEGER, 
	published_at DATETIME, 
	fetched_at DATETIME NOT NULL, 
	language VARCHAR, 
	author VARCHAR, 
	relevant BOOLEAN NOT NULL, 
	topics JSON, 
	text TEXT, 
	text_origin VARCHAR NOT NULL, 
	extraction_error VARCHAR, 
	text_hash VARCHAR, 
	minhash BLOB, 
	duplicate_of INTEGER, 
	story_id INTEGER, 
	aggregator VARCHAR, 
	aggregator_unresolved BOOLEAN DEFAULT 0 NOT NULL, no_text_reason VARCHAR, 
	PRIMARY KEY (id), 
	FOREIGN KEY(duplicate_of) REFERENCES article (id), 
	FOREIGN KEY(story_id) REFERENCES story (id), 
	FOREIGN KEY(feed_id) REFERENCES feed (id), 
	UNIQUE (url)
);
CREATE INDEX ix_article_relevant ON article (relevant);
CREATE INDEX ix_article_story_id ON article (story_id);
CREATE INDEX ix_article_duplicate_of ON article (duplicate_of);
CREATE INDEX ix_article_fetched_at ON article (fetched_at);
CREATE INDEX ix_article_text_hash ON article (text_hash);
CREATE TABLE digeststate (
	rule VARCHAR NOT NULL, 
	last_slot DATETIME NOT NULL, 
	last_alert_id VARCHAR, 
	updated_at DATETIME NOT NULL, 
	PRIMARY KEY (rule)
);
CREATE TABLE silence (
	id INTEGER NOT NULL, 
	story_id INTEGER, 
	"query" VARCHAR, 
	comment VARCHAR NOT NULL, 
	created_at DATETIME NOT NULL, 
	expires_at DATETIME NOT NULL, 
	PRIMARY KEY (id)
);
CREATE INDEX ix_silence_expires_at ON silence (expires_at);
CREATE TABLE healthcondition (
	"key" VARCHAR NOT NULL, 
	kind VARCHAR NOT NULL, 
	active BOOLEAN NOT NULL, 
	episode INTEGER NOT NULL, 
	since DATETIME, 
	cleared_at DATETIME, 
	detail TEXT, 
	PRIMARY KEY ("key")
);
CREATE TABLE "alert" (
	id VARCHAR NOT NULL, 
	story_id INTEGER, 
	rule VARCHAR NOT NULL, 
	event VARCHAR NOT NULL, 
	article_id INTEGER, 
	article_ids JSON, 
	matched_terms JSON, 
	new_information JSON, 
	state VARCHAR NOT NULL, 
	payload TEXT, 
	created_at DATETIME NOT NULL, 
	sealed_at DATETIME, 
	story_ids JSON, 
	period_start DATETIME, 
	period_end DATETIME, 
	matches JSON, 
	reasons JSON, 
	silence_id INTEGER, 
	urgent BOOLEAN DEFAULT 0 NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(article_id) REFERENCES article (id), 
	FOREIGN KEY(story_id) REFERENCES story (id)
);
CREATE INDEX ix_alert_rule ON alert (rule);
CREATE INDEX ix_alert_state ON alert (state);
CREATE INDEX ix_alert_story_id ON alert (story_id);
CREATE INDEX ix_alert_created_at ON alert (created_at);
CREATE TABLE deliveryattempt (
	id INTEGER NOT NULL, 
	delivery_id INTEGER NOT NULL, 
	at DATETIME NOT NULL, 
	ok BOOLEAN NOT NULL, 
	status INTEGER, 
	error TEXT, 
	PRIMARY KEY (id), 
	FOREIGN KEY(delivery_id) REFERENCES delivery (id)
);
CREATE INDEX ix_deliveryattempt_delivery_id ON deliveryattempt (delivery_id);
CREATE TABLE articlesearch_kept (id INTEGER PRIMARY KEY, words BLOB NOT NULL);
CREATE TABLE termcount (term VARCHAR NOT NULL PRIMARY KEY, df INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE payloadpart (
	hash VARCHAR NOT NULL, 
	body TEXT NOT NULL, 
	PRIMARY KEY (hash)
);
CREATE TABLE bandtime (
	article_id INTEGER NOT NULL, 
	created_at BIGINT NOT NULL, 
	PRIMARY KEY (article_id), 
	FOREIGN KEY(article_id) REFERENCES article (id)
);
CREATE TABLE "articleband" (
	band BIGINT NOT NULL, 
	article_id INTEGER NOT NULL, 
	PRIMARY KEY (band, article_id), 
	FOREIGN KEY(article_id) REFERENCES article (id)
)
 WITHOUT ROWID

;
CREATE VIRTUAL TABLE articlesearch USING fts5(body, title, content='', tokenize = 'unicode61 remove_diacritics 0');
CREATE TRIGGER articlesearch_article_delete AFTER DELETE ON article WHEN old.relevant BEGIN INSERT INTO articlesearch (articlesearch, rowid, title, body) VALUES ('delete', old.id, monitor_title_words(old.title), monitor_body_words(old.text, (SELECT words FROM articlesearch_kept WHERE id = old.id))); DELETE FROM articlesearch_kept WHERE id = old.id; END;
CREATE INDEX ix_storyterm_lookup ON storyterm (term, last_seen, id, story_id);
INSERT INTO "termcount" VALUES ('', 0);
