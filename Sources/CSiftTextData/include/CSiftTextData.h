#ifndef CSIFTTEXTDATA_H
#define CSIFTTEXTDATA_H
#include <stddef.h>

/// The text-analytics data files, compiled into the binary so `sift` finds them from any folder.
/// Each returns a pointer to the file's bytes (not NUL-terminated) and stores its length in `length`.
const unsigned char *sift_text_jieba_dict(size_t *length);
const unsigned char *sift_text_jieba_hmm(size_t *length);
const unsigned char *sift_text_vader_lexicon(size_t *length);
const unsigned char *sift_text_vader_emoji(size_t *length);
const unsigned char *sift_text_stop_words_en(size_t *length);
const unsigned char *sift_text_stop_words_zh(size_t *length);

#endif
