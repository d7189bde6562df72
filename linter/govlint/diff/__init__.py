"""The diff stage: two resolved OpenAPI specs -> changes with oasdiff's check ids -> findings."""
