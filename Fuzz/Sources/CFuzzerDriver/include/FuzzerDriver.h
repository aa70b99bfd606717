#ifndef BIGRAM_FUZZER_DRIVER_H
#define BIGRAM_FUZZER_DRIVER_H

#include <stddef.h>
#include <stdint.h>

/// libFuzzer's driver (its flags, corpus handling and mutation loop), for programs with their own
/// main: SwiftPM names an executable's entry point itself, so libFuzzer's main cannot be used.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
