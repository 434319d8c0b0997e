// Everything is in include/CSiftScan.h (static inline, so Swift inlines it into the scanner).
