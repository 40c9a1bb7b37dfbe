"""What people read and type: the command line, exports and the web pages and API."""
