#include "csift_compression.h"
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <zstd.h>
#include <snappy-c.h>
#include <lz4.h>
#include <lz4frame.h>
#include <brotli/decode.h>

void csift_free(void *p) { free(p); }

uint32_t csift_crc32(uint32_t crc, const uint8_t *buf, size_t len) {
    while (len > 0) {
        uInt n = len > 0x40000000u ? 0x40000000u : (uInt)len;
        crc = (uint32_t)crc32(crc, buf, n);
        buf += n; len -= n;
    }
    return crc;
}

static int window_bits(int format) { return format == 0 ? -15 : format == 1 ? 15 : 15 + 16; }

/* Grows *buf to at least need bytes (doubling), within limit. */
static int grow(uint8_t **buf, size_t *cap, size_t need, size_t limit) {
    if (need <= *cap) return CSIFT_OK;
    if (need > limit) return CSIFT_TOO_LARGE;
    size_t c = *cap ? *cap : 65536;
    while (c < need) c = c > limit / 2 ? limit : c * 2;
    uint8_t *n = realloc(*buf, c ? c : 1);
    if (!n) return CSIFT_NO_MEMORY;
    *buf = n; *cap = c;
    return CSIFT_OK;
}

int csift_inflate_alloc(const uint8_t *in, size_t in_len, int format, size_t limit, uint8_t **out, size_t *out_len) {
    *out = NULL; *out_len = 0;
    uint8_t *buf = NULL; size_t cap = 0, len = 0;
    size_t pos = 0;
    int rc = CSIFT_OK;
    /* A gzip file may hold several members one after another (cat a.gz b.gz); each is inflated. */
    do {
        z_stream s; memset(&s, 0, sizeof s);
        if (inflateInit2(&s, window_bits(format)) != Z_OK) { rc = CSIFT_NO_MEMORY; break; }
        int zr = Z_OK;
        for (;;) {
            size_t avail_in = in_len - pos;
            s.next_in = (Bytef *)(in + pos);
            s.avail_in = avail_in > 0x40000000u ? 0x40000000u : (uInt)avail_in;
            if ((rc = grow(&buf, &cap, len + 65536 > limit ? (len < limit ? limit : len + 1) : len + 65536, limit)) != CSIFT_OK) break;
            size_t room = cap - len;
            s.next_out = buf + len;
            s.avail_out = room > 0x40000000u ? 0x40000000u : (uInt)room;
            uInt before_in = s.avail_in, before_out = s.avail_out;
            zr = inflate(&s, Z_NO_FLUSH);
            pos += before_in - s.avail_in;
            len += before_out - s.avail_out;
            if (zr == Z_STREAM_END) break;
            if (zr == Z_BUF_ERROR && s.avail_in == 0 && pos >= in_len) { rc = CSIFT_TRUNCATED; break; }
            if (zr != Z_OK && zr != Z_BUF_ERROR) { rc = CSIFT_CORRUPT; break; }
            if (before_in == s.avail_in && before_out == s.avail_out) {
                if (pos >= in_len) { rc = CSIFT_TRUNCATED; break; }
                if (len >= limit) { rc = CSIFT_TOO_LARGE; break; }
            }
        }
        inflateEnd(&s);
        if (rc != CSIFT_OK) break;
        /* Trailing zero padding after the last member is tolerated, as gzip(1) does. */
        while (format == 2 && pos < in_len && in[pos] == 0) pos++;
    } while (format == 2 && pos < in_len);
    if (rc != CSIFT_OK) { free(buf); return rc; }
    *out = buf; *out_len = len;
    return CSIFT_OK;
}

int csift_inflate_into(const uint8_t *in, size_t in_len, int format, uint8_t *out, size_t out_len) {
    z_stream s; memset(&s, 0, sizeof s);
    if (inflateInit2(&s, window_bits(format)) != Z_OK) return CSIFT_NO_MEMORY;
    if (in_len > 0xFFFFFFFFu || out_len > 0xFFFFFFFFu) { inflateEnd(&s); return CSIFT_TOO_LARGE; }
    s.next_in = (Bytef *)in; s.avail_in = (uInt)in_len;
    s.next_out = out; s.avail_out = (uInt)out_len;
    int zr = inflate(&s, Z_FINISH);
    size_t produced = out_len - s.avail_out;
    inflateEnd(&s);
    if (zr == Z_STREAM_END) return produced == out_len ? CSIFT_OK : CSIFT_SIZE_MISMATCH;
    if (zr == Z_BUF_ERROR) return s.avail_out == 0 ? CSIFT_SIZE_MISMATCH : CSIFT_TRUNCATED;
    return CSIFT_CORRUPT;
}

int csift_deflate_alloc(const uint8_t *in, size_t in_len, int format, int level, uint8_t **out, size_t *out_len) {
    *out = NULL; *out_len = 0;
    z_stream s; memset(&s, 0, sizeof s);
    if (deflateInit2(&s, level, Z_DEFLATED, window_bits(format), 8, Z_DEFAULT_STRATEGY) != Z_OK) return CSIFT_NO_MEMORY;
    if (in_len > 0xFFFFFFFFu) { deflateEnd(&s); return CSIFT_TOO_LARGE; }
    uLong bound = deflateBound(&s, (uLong)in_len) + 32;
    uint8_t *buf = malloc(bound);
    if (!buf) { deflateEnd(&s); return CSIFT_NO_MEMORY; }
    s.next_in = (Bytef *)in; s.avail_in = (uInt)in_len;
    s.next_out = buf; s.avail_out = (uInt)bound;
    int zr = deflate(&s, Z_FINISH);
    size_t n = bound - s.avail_out;
    deflateEnd(&s);
    if (zr != Z_STREAM_END) { free(buf); return CSIFT_CORRUPT; }
    *out = buf; *out_len = n;
    return CSIFT_OK;
}

int csift_zstd_alloc(const uint8_t *in, size_t in_len, size_t limit, uint8_t **out, size_t *out_len) {
    *out = NULL; *out_len = 0;
    ZSTD_DStream *d = ZSTD_createDStream();
    if (!d) return CSIFT_NO_MEMORY;
    ZSTD_initDStream(d);
    uint8_t *buf = NULL; size_t cap = 0, len = 0;
    ZSTD_inBuffer ib = { in, in_len, 0 };
    int rc = CSIFT_OK;
    size_t last = 0;
    while (ib.pos < ib.size) {
        if ((rc = grow(&buf, &cap, len + 131072 > limit ? (len < limit ? limit : len + 1) : len + 131072, limit)) != CSIFT_OK) break;
        ZSTD_outBuffer ob = { buf + len, cap - len, 0 };
        size_t before = ib.pos;
        last = ZSTD_decompressStream(d, &ob, &ib);
        if (ZSTD_isError(last)) { rc = CSIFT_CORRUPT; break; }
        len += ob.pos;
        if (ob.pos == 0 && ib.pos == before && len >= limit) { rc = CSIFT_TOO_LARGE; break; }
    }
    /* Flush what the decoder still holds once the input is consumed. */
    while (rc == CSIFT_OK && last != 0) {
        if ((rc = grow(&buf, &cap, len + 131072 > limit ? (len < limit ? limit : len + 1) : len + 131072, limit)) != CSIFT_OK) break;
        ZSTD_outBuffer ob = { buf + len, cap - len, 0 };
        last = ZSTD_decompressStream(d, &ob, &ib);
        if (ZSTD_isError(last)) { rc = CSIFT_CORRUPT; break; }
        len += ob.pos;
        if (ob.pos == 0 && last != 0) { rc = CSIFT_TRUNCATED; break; }
    }
    ZSTD_freeDStream(d);
    if (rc != CSIFT_OK) { free(buf); return rc; }
    *out = buf; *out_len = len;
    return CSIFT_OK;
}

int csift_zstd_into(const uint8_t *in, size_t in_len, uint8_t *out, size_t out_len) {
    size_t r = ZSTD_decompress(out, out_len, in, in_len);
    if (ZSTD_isError(r)) return CSIFT_CORRUPT;
    return r == out_len ? CSIFT_OK : CSIFT_SIZE_MISMATCH;
}

int csift_zstd_compress_alloc(const uint8_t *in, size_t in_len, int level, uint8_t **out, size_t *out_len) {
    *out = NULL; *out_len = 0;
    size_t bound = ZSTD_compressBound(in_len);
    uint8_t *buf = malloc(bound ? bound : 1);
    if (!buf) return CSIFT_NO_MEMORY;
    size_t r = ZSTD_compress(buf, bound, in, in_len, level);
    if (ZSTD_isError(r)) { free(buf); return CSIFT_CORRUPT; }
    *out = buf; *out_len = r;
    return CSIFT_OK;
}

int csift_snappy_into(const uint8_t *in, size_t in_len, uint8_t *out, size_t out_len) {
    size_t n = 0;
    if (snappy_uncompressed_length((const char *)in, in_len, &n) != SNAPPY_OK) return CSIFT_CORRUPT;
    if (n != out_len) return CSIFT_SIZE_MISMATCH;
    size_t got = out_len;
    if (snappy_uncompress((const char *)in, in_len, (char *)out, &got) != SNAPPY_OK) return CSIFT_CORRUPT;
    return got == out_len ? CSIFT_OK : CSIFT_SIZE_MISMATCH;
}

int csift_snappy_compress_alloc(const uint8_t *in, size_t in_len, uint8_t **out, size_t *out_len) {
    *out = NULL; *out_len = 0;
    size_t bound = snappy_max_compressed_length(in_len);
    uint8_t *buf = malloc(bound ? bound : 1);
    if (!buf) return CSIFT_NO_MEMORY;
    size_t n = bound;
    if (snappy_compress((const char *)in, in_len, (char *)buf, &n) != SNAPPY_OK) { free(buf); return CSIFT_CORRUPT; }
    *out = buf; *out_len = n;
    return CSIFT_OK;
}

int csift_lz4_raw_into(const uint8_t *in, size_t in_len, uint8_t *out, size_t out_len) {
    if (in_len > 0x7fffffff || out_len > 0x7fffffff) return CSIFT_TOO_LARGE;
    if (out_len == 0) return in_len <= 1 ? CSIFT_OK : CSIFT_CORRUPT;
    int r = LZ4_decompress_safe((const char *)in, (char *)out, (int)in_len, (int)out_len);
    if (r < 0) return CSIFT_CORRUPT;
    return (size_t)r == out_len ? CSIFT_OK : CSIFT_SIZE_MISMATCH;
}

static uint32_t be32(const uint8_t *p) { return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]; }

int csift_lz4_hadoop_into(const uint8_t *in, size_t in_len, uint8_t *out, size_t out_len) {
    /* Hadoop framing: blocks of [decompressed size BE32][compressed size BE32][raw LZ4 block].
     * Writers that used plain LZ4 blocks under this codec id exist too: fall back to one raw block. */
    size_t ip = 0, op = 0;
    int framed = in_len >= 8;
    while (framed && ip < in_len) {
        if (in_len - ip < 8) { framed = 0; break; }
        uint32_t d = be32(in + ip), c = be32(in + ip + 4);
        if (c > in_len - ip - 8 || d > out_len - op) { framed = 0; break; }
        if (d > 0x7fffffff || c > 0x7fffffff) { framed = 0; break; }
        int r = d == 0 ? 0 : LZ4_decompress_safe((const char *)in + ip + 8, (char *)out + op, (int)c, (int)d);
        if (r < 0 || (uint32_t)r != d) { framed = 0; break; }
        ip += 8 + c; op += d;
    }
    if (framed && op == out_len) return CSIFT_OK;
    return csift_lz4_raw_into(in, in_len, out, out_len);
}

int csift_lz4_frame_into(const uint8_t *in, size_t in_len, uint8_t *out, size_t out_len) {
    LZ4F_dctx *ctx = NULL;
    if (LZ4F_isError(LZ4F_createDecompressionContext(&ctx, LZ4F_VERSION))) return CSIFT_NO_MEMORY;
    size_t ip = 0, op = 0;
    int status = CSIFT_OK;
    while (ip < in_len) {
        size_t src = in_len - ip, dst = out_len - op;
        size_t r = LZ4F_decompress(ctx, out + op, &dst, in + ip, &src, NULL);
        if (LZ4F_isError(r)) { status = CSIFT_CORRUPT; break; }
        ip += src; op += dst;
        if (src == 0 && dst == 0) { status = op == out_len ? CSIFT_TRUNCATED : CSIFT_SIZE_MISMATCH; break; }
    }
    LZ4F_freeDecompressionContext(ctx);
    if (status != CSIFT_OK) return status;
    return op == out_len ? CSIFT_OK : CSIFT_SIZE_MISMATCH;
}

int csift_brotli_into(const uint8_t *in, size_t in_len, uint8_t *out, size_t out_len) {
    size_t got = out_len;
    BrotliDecoderResult r = BrotliDecoderDecompress(in_len, in, &got, out);
    if (r != BROTLI_DECODER_RESULT_SUCCESS) return r == BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT ? CSIFT_SIZE_MISMATCH : CSIFT_CORRUPT;
    return got == out_len ? CSIFT_OK : CSIFT_SIZE_MISMATCH;
}
