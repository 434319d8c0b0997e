#ifndef CSIFT_COMPRESSION_H
#define CSIFT_COMPRESSION_H
#include <stddef.h>
#include <stdint.h>

/* Thin, allocation-explicit wrappers over Debian's zlib, libzstd, libsnappy, liblz4 and libbrotli, so Swift never
 * touches their macros or variadic calls. Every function returns 0 on success and a negative
 * code on failure; no function reads or writes past the lengths it is given. */

#define CSIFT_OK 0
#define CSIFT_CORRUPT (-1)       /* the input is not valid for the format */
#define CSIFT_TOO_LARGE (-2)     /* the output would pass the caller's limit */
#define CSIFT_NO_MEMORY (-3)
#define CSIFT_TRUNCATED (-4)     /* the input ended inside a stream */
#define CSIFT_SIZE_MISMATCH (-5) /* decoded size differs from the size the caller expected */

/* zlib formats: 0 = raw deflate, 1 = zlib, 2 = gzip (every member of a multi-member file). */
int csift_inflate_alloc(const uint8_t *in, size_t in_len, int format, size_t limit, uint8_t **out, size_t *out_len);
/* Decompresses into a buffer of exactly out_len bytes (Parquet pages, zip entries know their size). */
int csift_inflate_into(const uint8_t *in, size_t in_len, int format, uint8_t *out, size_t out_len);
int csift_deflate_alloc(const uint8_t *in, size_t in_len, int format, int level, uint8_t **out, size_t *out_len);
uint32_t csift_crc32(uint32_t crc, const uint8_t *buf, size_t len);

/* zstd: every frame of the input, until its end. */
int csift_zstd_alloc(const uint8_t *in, size_t in_len, size_t limit, uint8_t **out, size_t *out_len);
int csift_zstd_into(const uint8_t *in, size_t in_len, uint8_t *out, size_t out_len);
int csift_zstd_compress_alloc(const uint8_t *in, size_t in_len, int level, uint8_t **out, size_t *out_len);

/* snappy raw blocks (Parquet's SNAPPY codec). */
int csift_snappy_into(const uint8_t *in, size_t in_len, uint8_t *out, size_t out_len);
int csift_snappy_compress_alloc(const uint8_t *in, size_t in_len, uint8_t **out, size_t *out_len);

/* LZ4 (Parquet's LZ4_RAW codec: one raw block; its older LZ4 codec: Hadoop's framing of
 * big-endian sizes around raw blocks, or a raw block) over Debian's liblz4. */
int csift_lz4_raw_into(const uint8_t *in, size_t in_len, uint8_t *out, size_t out_len);
int csift_lz4_hadoop_into(const uint8_t *in, size_t in_len, uint8_t *out, size_t out_len);
/* LZ4 frame format (Arrow IPC's LZ4_FRAME body compression): every frame until the input ends. */
int csift_lz4_frame_into(const uint8_t *in, size_t in_len, uint8_t *out, size_t out_len);

/* Brotli (Parquet's BROTLI codec) over Debian's libbrotlidec. */
int csift_brotli_into(const uint8_t *in, size_t in_len, uint8_t *out, size_t out_len);

void csift_free(void *p);
#endif
