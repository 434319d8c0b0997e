// libpq, PostgreSQL's own client library, from Debian's libpq-dev: it speaks the wire protocol,
// TLS, SCRAM and reads PGPASSWORD / ~/.pgpass itself, so Sift never handles a password.
#include <libpq-fe.h>
