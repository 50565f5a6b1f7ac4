"""Browser tests: every built page in headless Chromium (marker ``browser``)."""
