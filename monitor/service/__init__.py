"""Running as a service: the app wiring, the daemon, liveness, systemd, logs and metrics."""
