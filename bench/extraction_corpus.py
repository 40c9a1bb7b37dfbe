"""Writes the labelled extraction corpus in bench/corpus/extraction/ (pages and gold.json).

    .venv/bin/python bench/extraction_corpus.py

Pages to keep are articles in the layouts that lost text before (og:type website on an
article, paragraphs each in their own block, text without full stops, scripts written
without spaces, short articles); pages to reject are error pages, cookie walls, paywall
stubs, section fronts, sign-in and script-only pages. Article prose comes from the demo
corpus (written for the project) and from the paragraphs below, written for this corpus;
every outlet and event in them is invented. gold.json has the layout of the shared
extraction-es set: per URL, the file, `with` (segments the text must contain) and
`without` (segments it must not), plus `label` (keep or reject) and `kind`.
"""

from __future__ import annotations

import json
import sys
from html import escape
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "corpus" / "extraction"
DEMO = ROOT / "monitor" / "demo" / "corpus" / "articles"

NAV = (
    '<header><nav><a href="/">{home}</a> <a href="/world">{world}</a> '
    '<a href="/politics">{politics}</a> <a href="/sport">{sport}</a></nav></header>'
)
FOOTER = (
    '<footer><p>© 2026 {site}. {rights}</p><a href="/privacy">Privacy</a> '
    '<a href="/contact">Contact</a></footer>'
)
RELATED = (
    '<aside class="related"><h2>{label}</h2><ul>'
    + "".join(f'<li><h3><a href="/more/{i}">{{r{i}}}</a></h3></li>' for i in range(4))
    + "</ul></aside>"
)

WORDS = {
    "en": dict(
        home="Home",
        world="World",
        politics="Politics",
        sport="Sport",
        rights="All rights reserved.",
        related="Related stories",
        r=[
            "Markets slip as harvest forecasts are cut again",
            "Port workers vote on a new contract in Santos",
            "Regional ministers meet on river transport rules",
            "Inside the long fight over a mountain highway",
        ],
    ),
    "es": dict(
        home="Inicio",
        world="Mundo",
        politics="Política",
        sport="Deportes",
        rights="Todos los derechos reservados.",
        related="Noticias relacionadas",
        r=[
            "Los mercados caen tras un nuevo recorte de las cosechas",
            "Trabajadores portuarios votan un nuevo convenio",
            "Ministros regionales discuten reglas de transporte fluvial",
            "La larga pelea por una carretera de montaña",
        ],
    ),
}

# Written for this corpus: invented towns, outlets and events.
PROSE = {
    "zh": [
        "据本地媒体报道，山城市政府周二宣布，将在明年春季之前完成老城区供水管网的全面改造。"
        "市政部门负责人表示，这一工程预计耗资约十二亿元，涉及四十多个居民小区。",
        "负责人在新闻发布会上说，过去三年中，老城区因管道老化发生的漏水事故超过两百起，"
        "部分街道在夏季高峰期曾连续数日停水。居民对此反映强烈，要求尽快解决。",
        "根据计划，施工将分三个阶段进行，每个阶段持续约四个月。为减少对交通的影响，"
        "主要路段的施工将安排在夜间进行，并提前一周在社区公告栏发布通知。",
        "一些居民对工程表示欢迎，但也担心施工期间的噪音和出行不便。一位在老街经营小吃店"
        "二十多年的店主说，希望政府能给沿街商户一定的补偿。",
        "市政府表示，将设立专门的热线电话，收集居民的意见和投诉，并定期公布工程进展情况。",
    ],
    "ja": [
        "北浜市は火曜日、老朽化した市営バスの車両を二〇二八年までにすべて電気バスに置き換える"
        "計画を発表した。総事業費はおよそ八十億円と見込まれている。",
        "市交通局によると、現在運行している百二十台のうち、半数以上が導入から十五年を超えており、"
        "故障による運休が年々増えているという。",
        "計画では、まず来年度に二十台を導入し、充電設備を三か所の営業所に整備する。"
        "運転士向けの研修も順次始める予定だ。",
        "利用者からは歓迎の声が上がる一方、運賃の値上げにつながるのではないかと心配する声も"
        "聞かれた。市は当面、運賃を据え置く方針だとしている。",
    ],
    "ru": [
        "Власти города Северорецка во вторник объявили о начале ремонта главного моста через "
        "реку, который был закрыт для грузового транспорта ещё прошлой осенью.",
        "По словам заместителя мэра, работы продлятся около полутора лет и обойдутся городскому "
        "бюджету примерно в два миллиарда рублей. Движение легковых машин сохранится по одной "
        "полосе в каждом направлении.",
        "Жители правобережья жалуются, что объезд через соседний район занимает больше часа в "
        "часы пик. Мэрия обещает пустить дополнительные автобусы на время ремонта.",
        "Подрядчик, выбранный по итогам конкурса, уже завёз технику на площадку. Первые "
        "результаты работ обещают показать к концу лета.",
    ],
    "de": [
        "Die Stadt Unterwald will bis zum Jahr 2030 alle Straßenlaternen auf sparsame "
        "Leuchtdioden umstellen. Das hat der Stadtrat am Dienstagabend mit großer Mehrheit "
        "beschlossen.",
        "Nach Angaben der Verwaltung kostet der Umbau rund neun Millionen Euro. Die jährlichen "
        "Stromkosten für die Beleuchtung sollen dadurch um mehr als die Hälfte sinken.",
        "Anwohner in mehreren Vierteln hatten sich zuvor über dunkle Gehwege beschwert. Die "
        "neuen Leuchten sollen heller sein, aber weniger Licht in den Himmel abgeben.",
        "Die Arbeiten beginnen im Frühjahr in der Altstadt und sollen Straße für Straße "
        "fortgesetzt werden.",
    ],
    "pt": [
        "A prefeitura de Vale Claro anunciou nesta terça-feira um plano para recuperar as "
        "calçadas do centro histórico, danificadas pelas chuvas do último verão.",
        "Segundo o secretário de obras, o investimento previsto é de cerca de quinze milhões de "
        "reais, e as primeiras ruas devem ficar prontas antes do carnaval.",
        "Comerciantes da região dizem que a situação afastou clientes e pedem que as obras sejam "
        "feitas fora do horário comercial.",
    ],
}

LISTY = [  # a list article: items without full stops
    "Book your seat at least two weeks ahead, because the coastal trains sell out quickly in "
    "the holiday season and late fares cost almost twice as much",
    "Bring a printed copy of the ticket as the inspectors on the mountain line still do not "
    "accept phone screens in the tunnels where there is no signal",
    "Travel light since the luggage racks on the older carriages are small and the stations "
    "along the route have no lifts or porters at all",
    "Check the timetable on the day of travel because landslides close the line several "
    "times every winter and the replacement buses leave from a different square",
    "Buy food in town before boarding as the buffet car only runs on weekends and the small "
    "stations along the way have nowhere to eat after six in the evening",
]


def demo(slug: str) -> list[str]:
    text = (DEMO / f"{slug}.txt").read_text(encoding="utf-8")
    return [p.strip() for p in text.split("\n\n") if p.strip()]


def head(title: str, og_type: str | None, lang: str, extra: str = "") -> str:
    og = f'<meta property="og:type" content="{og_type}">' if og_type else ""
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>{escape(title)} | The Courier</title>{og}{extra}</head>"
    )


def chrome(lang: str, body: str, *, related: bool = True) -> str:
    w = WORDS.get(lang, WORDS["en"])
    rel = (
        RELATED.format(label=w["related"], **{f"r{i}": r for i, r in enumerate(w["r"])})
        if related
        else ""
    )
    return (
        "<body>"
        + NAV.format(**w)
        + f"<main>{body}{rel}</main>"
        + FOOTER.format(site="The Courier", rights=w["rights"])
        + "</body></html>"
    )


def segments(paras: list[str], lang: str) -> list[str]:
    """Three pieces of the article: the start of the first, a middle and the last paragraph."""
    n = 24 if lang in ("zh", "ja") else 40
    picks = [paras[0], paras[len(paras) // 2], paras[-1]]
    return [p[:n] for p in dict.fromkeys(picks)]


def boiler(lang: str) -> list[str]:
    w = WORDS.get(lang, WORDS["en"])
    return [w["r"][0], w["r"][2], w["rights"]]


Page = tuple[str, str, str, str, list[str], list[str]]  # name, kind, label, html, with, without


def article_pages() -> list[Page]:
    pages: list[Page] = []

    def add(name: str, kind: str, lang: str, paras: list[str], html: str) -> None:
        pages.append((name, kind, "keep", html, segments(paras, lang), boiler(lang)))

    def plain(paras: list[str]) -> str:
        return "<article>" + "".join(f"<p>{escape(p)}</p>" for p in paras) + "</article>"

    def sections(paras: list[str]) -> str:
        return "".join(
            f'<section class="block"><div class="text"><p>{escape(p)}</p></div></section>'
            for p in paras
        )

    title = "Presidents agree on a working group"
    p = demo("summit-working-group")
    add("plain-article", "article", "en", p, head(title, "article", "en") + chrome("en", plain(p)))
    p = demo("petro-confirms-summit")
    add(
        "og-website-article",
        "og:type website",
        "en",
        p,
        head(title, "website", "en") + chrome("en", f"<h1>{title}</h1>" + plain(p)),
    )
    p = demo("cumbre-grupo-antidrogas")
    add(
        "og-website-article-es",
        "og:type website",
        "es",
        p,
        head("Acuerdo en la cumbre", "website", "es") + chrome("es", plain(p)),
    )
    p = demo("petro-anuncia-reunion")
    body = '<div class="story">' + "<br><br>".join(escape(x) for x in p) + "</div>"
    add(
        "og-website-br-es",
        "og:type website",
        "es",
        p,
        head("Petro anuncia la reunión", "website", "es") + chrome("es", body),
    )
    p = demo("summit-working-group-syndicated")
    add(
        "sections-layout",
        "favor_precision",
        "en",
        p,
        head(title, "article", "en") + chrome("en", sections(p)),
    )
    p = demo("uruguay-china-trade")
    add(
        "sections-layout-website",
        "favor_precision + og:type website",
        "en",
        p,
        head("Uruguay and China", "website", "en") + chrome("en", sections(p)),
    )
    p = demo("petro-trump-meeting-feb3")[:2]
    add(
        "short-og-website",
        "short article, og:type website",
        "en",
        p,
        head("Meeting set", "website", "en") + chrome("en", plain(p)),
    )
    for lang in ("zh", "ja"):
        p = PROSE[lang]
        add(
            f"unspaced-{lang}",
            "prose rule (no spaces)",
            lang,
            p,
            head(p[0][:20], "article", lang) + chrome(lang, plain(p), related=False),
        )
        add(
            f"unspaced-{lang}-website",
            "prose rule (no spaces), og:type website",
            lang,
            p,
            head(p[0][:20], "website", lang) + chrome(lang, sections(p), related=False),
        )
    for lang in ("ru", "de", "pt"):
        p = PROSE[lang]
        add(
            f"article-{lang}",
            "article",
            lang,
            p,
            head(p[0][:30], "website", lang) + chrome(lang, plain(p), related=False),
        )
    items = "".join(f"<li>{escape(x)}</li>" for x in LISTY)
    add(
        "list-article",
        "prose rule (no full stops)",
        "en",
        LISTY,
        head("Five tips for the coast line", "article", "en")
        + chrome("en", f"<article><h1>Five tips for the coast line</h1><ul>{items}</ul></article>"),
    )
    p = demo("summit-postponed")
    banner = (
        '<div id="consent"><p>We use cookies to improve your experience. By continuing you '
        "accept our use of cookies and our partners' tracking.</p>"
        "<button>Accept</button></div>"
    )
    add(
        "article-with-cookie-banner",
        "article",
        "en",
        p,
        head("Summit postponed", "article", "en") + chrome("en", plain(p) + banner),
    )
    p = demo("opinion-handshake-stakes")
    p2 = [*p, "Subscribe to our newsletter for more analysis from the region every week."]
    add(
        "article-with-newsletter-line",
        "article",
        "en",
        p,
        head("What the handshake means", "website", "en") + chrome("en", plain(p2)),
    )
    p = demo("petro-summit-date-set")
    add(
        "article-h2-teasers-website",
        "og:type website, related headlines",
        "en",
        p,
        head("Summit date set", "website", "en")
        + chrome(
            "en",
            plain(p)
            + '<section class="more">'
            + "".join(
                f'<h2><a href="/x/{i}">Another headline about the region {i}</a></h2>'
                for i in range(3)
            )
            + "</section>",
        ),
    )
    return pages


def reject_pages() -> list[Page]:
    pages: list[Page] = []

    def add(name: str, kind: str, lang: str, title: str, body: str, og: str | None) -> None:
        html = head(title, og, lang) + chrome(lang, body, related=False)
        pages.append((name, kind, "reject", html, [], [_first_words(body)]))

    add(
        "error-404-en",
        "error page",
        "en",
        "Page not found",
        "<h1>Page not found</h1><p>Sorry, the page you are looking for does not exist or has "
        "been moved. Check the address, or use the search box to find what you need. You can "
        "also go back to the home page and browse the latest news from our newsroom.</p>"
        '<form><input name="q"><button>Search</button></form>',
        "website",
    )
    add(
        "error-404-es",
        "error page",
        "es",
        "Página no encontrada",
        "<h1>Error 404</h1><p>Lo sentimos, la página que busca no existe o ha sido movida. "
        "Revise la dirección o utilice el buscador para encontrar la noticia que le interesa. "
        "También puede volver a la portada y leer las últimas noticias de nuestra redacción.</p>",
        None,
    )
    add(
        "error-500-en",
        "error page",
        "en",
        "Something went wrong",
        "<h1>Something went wrong</h1><p>We are experiencing a server error right now. Our "
        "engineers have been notified and are working on it. Please try again in a few minutes, "
        "or come back later today when the problem has been fixed.</p>",
        None,
    )
    add(
        "cookie-wall-en",
        "cookie wall",
        "en",
        "Before you continue",
        '<div class="consent"><h1>Before you continue</h1><p>We and our 143 partners use '
        "cookies and similar technologies to store and access information on your device. "
        "With your consent, we use them to personalise ads and content, to measure ads and "
        "content, and to develop our products. You can accept all, or manage your choices at "
        "any time in the privacy settings at the bottom of every page.</p>"
        "<button>Accept all</button><button>Manage choices</button></div>",
        None,
    )
    add(
        "cookie-wall-es",
        "cookie wall",
        "es",
        "Antes de continuar",
        '<div class="consent"><p>Utilizamos cookies propias y de terceros para mejorar '
        "nuestros servicios y mostrarle publicidad relacionada con sus preferencias. Si "
        "continúa navegando, consideramos que acepta su uso. Puede cambiar la configuración u "
        "obtener más información en nuestra política de privacidad.</p>"
        "<button>Aceptar</button></div>",
        "website",
    )
    add(
        "cookie-wall-de",
        "cookie wall",
        "de",
        "Datenschutz",
        '<div class="consent"><p>Wir verwenden Cookies und ähnliche Technologien, um Inhalte '
        "und Anzeigen zu personalisieren und unsere Zugriffe zu analysieren. Mit einem Klick "
        "auf Akzeptieren stimmen Sie der Verarbeitung Ihrer Daten durch uns und unsere Partner "
        "zu. Ihre Einwilligung können Sie jederzeit widerrufen.</p></div>",
        None,
    )
    add(
        "paywall-en",
        "paywall stub",
        "en",
        "Minister resigns over port contract",
        "<article><h1>Minister resigns over port contract</h1><p>The transport minister "
        "resigned on Monday after auditors questioned a port concession. The opposition had "
        "called for an inquiry for weeks.</p><div class='paywall'><p>This article is for "
        "subscribers only. Subscribe now to continue reading, or sign in if you are already a "
        "subscriber.</p></div></article>",
        "article",
    )
    add(
        "paywall-es",
        "paywall stub",
        "es",
        "Renuncia el ministro",
        "<article><h1>Renuncia el ministro de Transporte</h1><p>El ministro de Transporte "
        "presentó su renuncia el lunes tras las dudas de los auditores sobre una concesión "
        "portuaria.</p><div class='paywall'><p>Este contenido es exclusivo para suscriptores. "
        "Suscríbete para seguir leyendo esta nota y todas las de nuestro sitio. ¿Ya eres "
        "suscriptor? Inicia sesión.</p></div></article>",
        "article",
    )
    add(
        "paywall-pt",
        "paywall stub",
        "pt",
        "Ministro renuncia",
        "<article><h1>Ministro renuncia após auditoria</h1><p>O ministro dos Transportes "
        "renunciou nesta segunda-feira depois que auditores questionaram uma concessão "
        "portuária em Santos.</p><p>Este conteúdo é exclusivo para assinantes. Assine agora "
        "para continuar lendo. Já é assinante? Entre na sua conta.</p></article>",
        "article",
    )
    teasers = "".join(
        f'<li><h2><a href="/politics/{i}">Regional council debates budget item {i}</a></h2>'
        f"<p>The council met on Monday evening to discuss spending on roads and schools in "
        f"district {i}, officials said.</p></li>"
        for i in range(20)
    )
    add("section-front", "section front", "en", "Politics", f"<ul>{teasers}</ul>", "website")
    cards = "".join(
        f'<article class="card"><h3><a href="/tag/port/{i}">Port strike enters day {i}, '
        f"unions say talks stall</a></h3><p>Dockworkers kept the terminal closed as talks "
        f"resumed for the {i}th time.</p></article>"
        for i in range(12)
    )
    add("tag-page", "section front", "en", "Port strike", cards, None)
    add(
        "sign-in",
        "sign-in page",
        "en",
        "Sign in",
        "<h1>Sign in</h1><p>Sign in to read this article and manage your newsletters.</p>"
        '<form><input name="email"><input name="password" type="password">'
        "<button>Sign in</button></form>",
        "website",
    )
    add(
        "script-only",
        "script-only page",
        "en",
        "Loading",
        '<div id="root"></div><noscript>You need to enable JavaScript to run this app.</noscript>',
        "website",
    )
    return pages


def _first_words(body: str) -> str:
    import re

    text = re.sub(r"<[^>]+>", " ", body)
    words = " ".join(text.split())
    return words[:30]


def main() -> None:
    pages = article_pages() + reject_pages()
    (OUT / "pages").mkdir(parents=True, exist_ok=True)
    gold = {}
    for name, kind, label, html, with_, without in pages:
        file = f"{name}.html"
        (OUT / "pages" / file).write_text(html, encoding="utf-8")
        gold[f"https://www.courier.example/2026/{name}"] = {
            "file": file,
            "label": label,
            "kind": kind,
            "with": with_,
            "without": without,
        }
    (OUT / "gold.json").write_text(
        json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    print(f"{len(pages)} pages in {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
