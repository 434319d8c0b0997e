// The libpq functions Sift calls, each forwarding to the real one in a libpq opened with
// dlopen on first use (see CLibPQ.h for why). Adding a call to a new PQ function means adding
// it to PQ_FUNCTIONS and writing its forwarder below; a missing forwarder is a link error.
#include "CLibPQ.h"
#include "csift_lazy_library.h"
#include <pthread.h>

#define PQ_FUNCTIONS(X) \
    X(PQconnectdbParams) X(PQfinish) X(PQreset) X(PQstatus) X(PQerrorMessage) X(PQpass) \
    X(PQsocket) X(PQexec) X(PQsendQueryParams) X(PQsetSingleRowMode) X(PQgetResult) \
    X(PQisBusy) X(PQconsumeInput) X(PQputCopyData) X(PQputCopyEnd) X(PQresultStatus) \
    X(PQresultErrorMessage) X(PQresultErrorField) X(PQntuples) X(PQnfields) X(PQfname) \
    X(PQftype) X(PQgetvalue) X(PQgetlength) X(PQgetisnull) X(PQclear) X(PQgetCancel) \
    X(PQcancel) X(PQfreeCancel)

#define DECLARE_POINTER(name) static __typeof__(name) *real_##name;
PQ_FUNCTIONS(DECLARE_POINTER)

static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static char load_error[512];

static void load(void) {
#define SYMBOL(name) {#name, (void **)&real_##name},
    static const csift_symbol symbols[] = {PQ_FUNCTIONS(SYMBOL)};
#undef SYMBOL
    csift_lazy_open("libpq.so.5", "PostgreSQL", "libpq5", symbols, sizeof symbols / sizeof symbols[0],
                    load_error, sizeof load_error);
}

int csift_libpq_load(char *error, size_t error_len) {
    pthread_once(&load_once, load);
    if (load_error[0] == 0) return 0;
    if (error_len) snprintf(error, error_len, "%s", load_error);
    return -1;
}

PGconn *PQconnectdbParams(const char *const *keywords, const char *const *values, int expand_dbname) {
    return real_PQconnectdbParams(keywords, values, expand_dbname);
}
void PQfinish(PGconn *conn) { real_PQfinish(conn); }
void PQreset(PGconn *conn) { real_PQreset(conn); }
ConnStatusType PQstatus(const PGconn *conn) { return real_PQstatus(conn); }
char *PQerrorMessage(const PGconn *conn) { return real_PQerrorMessage(conn); }
char *PQpass(const PGconn *conn) { return real_PQpass(conn); }
int PQsocket(const PGconn *conn) { return real_PQsocket(conn); }
PGresult *PQexec(PGconn *conn, const char *query) { return real_PQexec(conn, query); }
int PQsendQueryParams(PGconn *conn, const char *command, int nParams, const Oid *paramTypes,
                      const char *const *paramValues, const int *paramLengths,
                      const int *paramFormats, int resultFormat) {
    return real_PQsendQueryParams(conn, command, nParams, paramTypes, paramValues, paramLengths,
                                  paramFormats, resultFormat);
}
int PQsetSingleRowMode(PGconn *conn) { return real_PQsetSingleRowMode(conn); }
PGresult *PQgetResult(PGconn *conn) { return real_PQgetResult(conn); }
int PQisBusy(PGconn *conn) { return real_PQisBusy(conn); }
int PQconsumeInput(PGconn *conn) { return real_PQconsumeInput(conn); }
int PQputCopyData(PGconn *conn, const char *buffer, int nbytes) { return real_PQputCopyData(conn, buffer, nbytes); }
int PQputCopyEnd(PGconn *conn, const char *errormsg) { return real_PQputCopyEnd(conn, errormsg); }
ExecStatusType PQresultStatus(const PGresult *res) { return real_PQresultStatus(res); }
char *PQresultErrorMessage(const PGresult *res) { return real_PQresultErrorMessage(res); }
char *PQresultErrorField(const PGresult *res, int fieldcode) { return real_PQresultErrorField(res, fieldcode); }
int PQntuples(const PGresult *res) { return real_PQntuples(res); }
int PQnfields(const PGresult *res) { return real_PQnfields(res); }
char *PQfname(const PGresult *res, int field_num) { return real_PQfname(res, field_num); }
Oid PQftype(const PGresult *res, int field_num) { return real_PQftype(res, field_num); }
char *PQgetvalue(const PGresult *res, int tup_num, int field_num) { return real_PQgetvalue(res, tup_num, field_num); }
int PQgetlength(const PGresult *res, int tup_num, int field_num) { return real_PQgetlength(res, tup_num, field_num); }
int PQgetisnull(const PGresult *res, int tup_num, int field_num) { return real_PQgetisnull(res, tup_num, field_num); }
void PQclear(PGresult *res) { real_PQclear(res); }
PGcancel *PQgetCancel(PGconn *conn) { return real_PQgetCancel(conn); }
int PQcancel(PGcancel *cancel, char *errbuf, int errbufsize) { return real_PQcancel(cancel, errbuf, errbufsize); }
void PQfreeCancel(PGcancel *cancel) { real_PQfreeCancel(cancel); }
