-- Service logins read and move the shared test clock.
REVOKE ALL ON platform.test_clock FROM PUBLIC;

GRANT SELECT, INSERT, UPDATE ON platform.test_clock TO billing_app;
