// sift-kernel-launch CONNECTION_FILE: the command in Sift's kernel.json.
//
// Why it exists: jupyter_client connects its sockets a few milliseconds after launching a
// kernel. If the kernel has not bound its ports yet, the connection is refused and ZeroMQ
// retries only after its reconnect interval (100 ms plus up to 100 ms of random jitter), so
// a kernel ready in 30 ms is seen ready after 130-230 ms. Loading sift-kernel's shared
// libraries alone takes ~20 ms, longer than that race. This launcher uses only libc (it runs
// main within ~1 ms of exec), binds and listens on the five TCP ports of the connection file,
// and execs sift-kernel beside it, handing the listening sockets over in
// SIFT_KERNEL_LISTEN_FDS; sift-kernel gives them to ZeroMQ (ZMQ_USE_FD). A client that
// connects meanwhile waits in the listen backlog instead of backing off.
//
// Anything it cannot do (ipc transport, an IPv6 or host-name address, port 0, a port in use,
// an unreadable file, any other arguments) just execs sift-kernel with the arguments
// unchanged, which binds and reports errors itself.
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static const char *const KEYS[5] = {"shell_port", "iopub_port", "stdin_port", "control_port", "hb_port"};

// The value after "key": in a flat JSON object, as an integer (-1 when absent or not a number).
static long json_int(const char *json, const char *key) {
    char quoted[64];
    snprintf(quoted, sizeof quoted, "\"%s\"", key);
    const char *p = strstr(json, quoted);
    if (!p) return -1;
    p += strlen(quoted);
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') p++;
    if (*p++ != ':') return -1;
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') p++;
    if (*p < '0' || *p > '9') return -1;
    char *end;
    long v = strtol(p, &end, 10);
    return (end == p || v > 65535) ? -1 : v;
}

// The string value after "key": (no escapes expected in ip/transport); 0 when absent.
static int json_string(const char *json, const char *key, char *out, size_t size) {
    char quoted[64];
    snprintf(quoted, sizeof quoted, "\"%s\"", key);
    const char *p = strstr(json, quoted);
    if (!p) return 0;
    p += strlen(quoted);
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') p++;
    if (*p++ != ':') return 0;
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') p++;
    if (*p++ != '"') return 0;
    size_t n = 0;
    while (*p && *p != '"' && *p != '\\' && n + 1 < size) out[n++] = *p++;
    if (*p != '"') return 0;
    out[n] = 0;
    return 1;
}

// Binds and listens on the five ports; writes "shell_port=3,..." to env. 0 on any failure
// (every socket opened so far is closed again).
static int prebind(const char *path, char *env, size_t envsize) {
    char json[16384];
    FILE *f = fopen(path, "r");
    if (!f) return 0;
    size_t n = fread(json, 1, sizeof json - 1, f);
    fclose(f);
    json[n] = 0;
    char transport[16] = "tcp", ip[64] = "127.0.0.1";
    if (strstr(json, "\"transport\"") && !json_string(json, "transport", transport, sizeof transport)) return 0;
    if (strcmp(transport, "tcp") != 0) return 0;
    if (strstr(json, "\"ip\"") && !json_string(json, "ip", ip, sizeof ip)) return 0;
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    if (strcmp(ip, "*") == 0) addr.sin_addr.s_addr = htonl(INADDR_ANY);
    else if (inet_pton(AF_INET, ip, &addr.sin_addr) != 1) return 0;
    int fds[5];
    int opened = 0;
    size_t used = 0;
    env[0] = 0;
    for (int k = 0; k < 5; k++) {
        long port = json_int(json, KEYS[k]);
        if (port <= 0) goto fail;
        int fd = socket(AF_INET, SOCK_STREAM, 0);  // no CLOEXEC: it must survive the exec
        if (fd < 0) goto fail;
        fds[opened++] = fd;
        int one = 1;
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);  // as ZeroMQ's own listener
        addr.sin_port = htons((unsigned short)port);
        if (bind(fd, (struct sockaddr *)&addr, sizeof addr) != 0) goto fail;
        if (listen(fd, 100) != 0) goto fail;  // ZeroMQ's default backlog
        int w = snprintf(env + used, envsize - used, "%s%s=%d", k ? "," : "", KEYS[k], fd);
        if (w < 0 || (size_t)w >= envsize - used) goto fail;
        used += (size_t)w;
    }
    return 1;
fail:
    for (int k = 0; k < opened; k++) close(fds[k]);
    env[0] = 0;
    return 0;
}

int main(int argc, char **argv) {
    char self[4096];
    ssize_t len = readlink("/proc/self/exe", self, sizeof self - 1);
    if (len <= 0) {
        fprintf(stderr, "sift-kernel-launch: cannot find its own path: %s\n", strerror(errno));
        return 127;
    }
    self[len] = 0;
    char *slash = strrchr(self, '/');
    if (!slash) return 127;
    const char *name = "/sift-kernel";
    if ((size_t)(slash - self) + strlen(name) + 1 > sizeof self) return 127;
    strcpy(slash, name);
    argv[0] = self;
    unsetenv("SIFT_KERNEL_LISTEN_FDS");
    if (argc == 2 && argv[1][0] != '-') {
        char env[256];
        if (prebind(argv[1], env, sizeof env)) setenv("SIFT_KERNEL_LISTEN_FDS", env, 1);
    }
    execv(self, argv);
    fprintf(stderr, "sift-kernel-launch: cannot run %s: %s\n", self, strerror(errno));
    return 127;
}
