// ZeroMQ (messaging) and libsodium (HMAC-SHA256 for message signatures), both from Debian:
// libzmq3-dev pulls libsodium-dev in, so the kernel's signing adds no build of its own.
#include <zmq.h>
#include <sodium.h>
