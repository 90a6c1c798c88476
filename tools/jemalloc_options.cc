// Options jemalloc reads when the program starts, before main; MALLOC_CONF in the environment
// is read after them and wins. Linked into the crowdledger program only when it links
// jemalloc (tools/CMakeLists.txt).
//
// Transparent huge pages for the heap and jemalloc's metadata: the state cache is hundreds of
// megabytes of entries read at random, and with 4 KiB pages most first reads of an entry also
// missed the TLB, a two-dimensional page walk under a hypervisor. The machine's THP mode is
// "madvise", so jemalloc has to ask. +7% on 1,000-pledge transactions (docs/BENCHMARKS.md).
extern "C" const char* const malloc_conf = "thp:always,metadata_thp:always";
