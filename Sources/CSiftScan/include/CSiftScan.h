#ifndef CSIFTSCAN_H
#define CSIFTSCAN_H
// Byte-class masks for the CSV scanner. Swift has no portable "movemask", so the one place Sift
// needs it (finding the delimiters and line breaks of 64 bytes at once) is a static inline C
// function the Swift compiler inlines into the scanner: SSE2 on x86-64 (always present there),
// a plain loop elsewhere.
#include <stdint.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/// Bit i is set when p[i] is `delim`, '\n' or '\r', for the 64 bytes at p (all readable).
static inline uint64_t sift_scan_field_ends64(const uint8_t *p, uint8_t delim) {
#if defined(__SSE2__)
    const __m128i d = _mm_set1_epi8((char)delim);
    const __m128i lf = _mm_set1_epi8('\n');
    const __m128i cr = _mm_set1_epi8('\r');
    uint64_t mask = 0;
    for (int k = 0; k < 4; k++) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + 16 * k));
        __m128i hit = _mm_or_si128(_mm_cmpeq_epi8(v, d), _mm_or_si128(_mm_cmpeq_epi8(v, lf), _mm_cmpeq_epi8(v, cr)));
        mask |= (uint64_t)(uint16_t)_mm_movemask_epi8(hit) << (16 * k);
    }
    return mask;
#else
    uint64_t mask = 0;
    for (int i = 0; i < 64; i++) {
        uint8_t c = p[i];
        if (c == delim || c == '\n' || c == '\r') mask |= (uint64_t)1 << i;
    }
    return mask;
#endif
}

#endif
