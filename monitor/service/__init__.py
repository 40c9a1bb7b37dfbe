"""Running as a service: the app wiring, the daemon, liveness, systemd and logs."""
