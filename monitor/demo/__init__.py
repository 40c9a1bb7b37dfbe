"""The offline demo: a replayed corpus served over loopback, polled by the real pipeline."""
