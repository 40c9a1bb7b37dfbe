"""The shipped configuration, read by `monitor demo` and installed with the package."""
