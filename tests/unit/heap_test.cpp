//===--- heap_test.cpp - per-compartment heaps and the shared heap -------===//
// SPDX-License-Identifier: Apache-2.0
//
// The runtime's heaps (runtime/src/heap.c): allocation across sizes and
// alignments, calloc/realloc semantics, frees that cross heaps or come from
// libc, region ranges, exhaustion, invalid frees, the per-compartment entry
// points, and a multi-threaded stress test with content checks.
//===----------------------------------------------------------------------===//
#include "flexcc/heap.h"
#include "gtest/gtest.h"

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <random>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace {

constexpr size_t MiB = size_t(1) << 20;
constexpr unsigned NrComps = 4;
constexpr size_t RegionSize = 64 * MiB;
const int AllHeaps[] = {0, 1, 2, 3, FLEXCC_HEAP_SHARED};

bool aligned(const void *P, size_t A) { return (uintptr_t(P) & (A - 1)) == 0; }

bool inRange(int Heap, const void *P, size_t N) {
  void *S;
  size_t L;
  if (flexcc_heap_range(Heap, &S, &L))
    return false;
  auto B = uintptr_t(S), X = uintptr_t(P);
  return X >= B && X + N <= B + L;
}

class Heap : public ::testing::Test {
protected:
  void SetUp() override {
    flexcc_heap_fini();
    ASSERT_EQ(flexcc_heap_init(NrComps, RegionSize), 0);
  }
  void TearDown() override { flexcc_heap_fini(); }
};

TEST_F(Heap, BasicSizesAndAlignments) {
  const size_t Sizes[] = {0,    1,    15,    16,     17,      100,    2047,
                          2048, 2049, 4096,  5000,   65536,   100000, MiB,
                          3 * MiB};
  for (int H : AllHeaps) {
    std::vector<std::pair<unsigned char *, size_t>> Blocks;
    for (int Round = 0; Round < 3; ++Round)
      for (size_t N : Sizes) {
        auto *P = static_cast<unsigned char *>(flexcc_heap_malloc(H, N));
        ASSERT_NE(P, nullptr) << N;
        EXPECT_TRUE(aligned(P, 16));
        if (N > 2048) {
          EXPECT_TRUE(aligned(P, 4096)) << N;
        }
        EXPECT_EQ(flexcc_heap_of(P), H);
        EXPECT_TRUE(inRange(H, P, N));
        EXPECT_GE(flexcc_heap_usable_size(P), N);
        memset(P, 0x5a ^ int(N), N);
        Blocks.push_back({P, N});
      }
    // Blocks do not overlap: each still holds its pattern.
    for (auto &[P, N] : Blocks)
      for (size_t I = 0; I < N; I += 97)
        ASSERT_EQ(P[I], (unsigned char)(0x5a ^ int(N)));
    for (auto &[P, N] : Blocks)
      flexcc_heap_free(P);

    const size_t Aligns[] = {1, 8, 16, 32, 64, 256, 2048, 4096, 8192, 65536, MiB};
    const size_t ASizes[] = {1, 100, 2048, 3000, 70000};
    for (size_t A : Aligns)
      for (size_t N : ASizes) {
        void *P = flexcc_heap_memalign(H, A, N);
        ASSERT_NE(P, nullptr);
        EXPECT_TRUE(aligned(P, A < 16 ? 16 : A)) << A << " " << N;
        EXPECT_EQ(flexcc_heap_of(P), H);
        EXPECT_GE(flexcc_heap_usable_size(P), N);
        memset(P, 1, N);
        Blocks.push_back({static_cast<unsigned char *>(P), N});
      }
    errno = 0;
    EXPECT_EQ(flexcc_heap_memalign(H, 24, 10), nullptr);
    EXPECT_EQ(errno, EINVAL);
    for (size_t I = Blocks.size() - std::size(Aligns) * std::size(ASizes);
         I < Blocks.size(); ++I)
      flexcc_heap_free(Blocks[I].first);

    struct flexcc_heap_stats St;
    ASSERT_EQ(flexcc_heap_get_stats(H, &St), 0);
    EXPECT_EQ(St.blocks, 0u);
    EXPECT_EQ(St.in_use, 0u);
  }
  errno = 0;
  EXPECT_EQ(flexcc_heap_malloc(NrComps, 10), nullptr);
  EXPECT_EQ(errno, EINVAL);
  EXPECT_EQ(flexcc_heap_malloc(-1, 10), nullptr);
}

TEST_F(Heap, CallocZeroesAndOverflow) {
  for (size_t N : {size_t(24), size_t(1000), size_t(2048), size_t(10000),
                   size_t(300000)}) {
    auto *P = static_cast<unsigned char *>(flexcc_heap_malloc(1, N));
    ASSERT_NE(P, nullptr);
    memset(P, 0xaa, N);
    flexcc_heap_free(P);
    auto *Q = static_cast<unsigned char *>(flexcc_heap_calloc(1, 1, N));
    ASSERT_NE(Q, nullptr);
    for (size_t I = 0; I < N; ++I)
      ASSERT_EQ(Q[I], 0) << N << " at " << I;
    flexcc_heap_free(Q);
  }
  errno = 0;
  EXPECT_EQ(flexcc_heap_calloc(1, SIZE_MAX / 2, 3), nullptr);
  EXPECT_EQ(errno, ENOMEM);
  errno = 0;
  EXPECT_EQ(__flexcc_calloc_c2(size_t(1) << 33, size_t(1) << 33), nullptr);
  EXPECT_EQ(errno, ENOMEM);
  errno = 0;
  EXPECT_EQ(flexcc_shared_calloc(SIZE_MAX, SIZE_MAX), nullptr);
  EXPECT_EQ(errno, ENOMEM);
  void *Z = flexcc_heap_calloc(1, 0, 5);
  EXPECT_NE(Z, nullptr);
  flexcc_heap_free(Z);
}

TEST_F(Heap, ReallocPreservesContent) {
  for (int H : AllHeaps) {
    size_t N = 1;
    auto *P = static_cast<unsigned char *>(flexcc_heap_realloc(H, nullptr, N));
    ASSERT_NE(P, nullptr);
    EXPECT_EQ(flexcc_heap_of(P), H);
    P[0] = 0;
    // Grow, through every kind of block, checking the old content.
    while (N < 2 * MiB) {
      size_t M = N * 3 / 2 + 7;
      P = static_cast<unsigned char *>(flexcc_heap_realloc(H, P, M));
      ASSERT_NE(P, nullptr);
      EXPECT_EQ(flexcc_heap_of(P), H);
      for (size_t I = 0; I < N; ++I)
        ASSERT_EQ(P[I], (unsigned char)(I * 7)) << N << " " << I;
      for (size_t I = N; I < M; ++I)
        P[I] = (unsigned char)(I * 7);
      N = M;
    }
    // Shrink back down.
    while (N > 1) {
      N = N / 3;
      P = static_cast<unsigned char *>(flexcc_heap_realloc(H, P, N ? N : 1));
      ASSERT_NE(P, nullptr);
      for (size_t I = 0; I < N; ++I)
        ASSERT_EQ(P[I], (unsigned char)(I * 7)) << N << " " << I;
    }
    EXPECT_EQ(flexcc_heap_realloc(H, P, 0), nullptr); // frees
    struct flexcc_heap_stats St;
    ASSERT_EQ(flexcc_heap_get_stats(H, &St), 0);
    EXPECT_EQ(St.blocks, 0u);
  }
}

TEST_F(Heap, ReallocInPlaceAndCoalescing) {
  // A fresh heap: blocks come in address order from the first chunk.
  auto *A = static_cast<char *>(flexcc_heap_malloc(2, 8192));
  ASSERT_NE(A, nullptr);
  char *B = static_cast<char *>(flexcc_heap_realloc(2, A, 16384));
  EXPECT_EQ(B, A); // grew into the free pages after it
  B = static_cast<char *>(flexcc_heap_realloc(2, B, 5000));
  EXPECT_EQ(B, A); // shrank in place
  EXPECT_EQ(flexcc_heap_usable_size(B), 8192u);
  // Small blocks keep their slot while the size class fits.
  auto *S = static_cast<char *>(flexcc_heap_malloc(2, 100));
  EXPECT_EQ(flexcc_heap_realloc(2, S, 110), S);
  flexcc_heap_free(S);
  flexcc_heap_free(B);

  // Three adjacent large blocks; free the outer ones, then the middle one:
  // the three spans coalesce, and a block of their total size fits there.
  void *X = flexcc_heap_malloc(3, 3 * 4096);
  void *Y = flexcc_heap_malloc(3, 5 * 4096);
  void *Z = flexcc_heap_malloc(3, 7 * 4096);
  void *Pin = flexcc_heap_malloc(3, 4096); // keeps Z off the top
  ASSERT_TRUE(X && Y && Z && Pin);
  EXPECT_EQ((char *)Y, (char *)X + 3 * 4096);
  EXPECT_EQ((char *)Z, (char *)Y + 5 * 4096);
  flexcc_heap_free(X);
  flexcc_heap_free(Z);
  flexcc_heap_free(Y);
  void *W = flexcc_heap_malloc(3, 15 * 4096);
  EXPECT_EQ(W, X);
  flexcc_heap_free(W);
  flexcc_heap_free(Pin);
}

TEST_F(Heap, CrossHeapFree) {
  void *S = flexcc_shared_malloc(100);
  void *L = flexcc_shared_malloc(100000);
  ASSERT_EQ(flexcc_heap_of(S), FLEXCC_HEAP_SHARED);
  __flexcc_free_c1(S); // a compartment frees a shared block
  __flexcc_free_c3(L);
  void *C = __flexcc_malloc_c2(64);
  ASSERT_EQ(flexcc_heap_of(C), 2);
  flexcc_shared_free(C); // and the shared free takes a private block
  // realloc keeps the block in its own heap, whoever calls it.
  void *R = flexcc_shared_malloc(10);
  R = __flexcc_realloc_c0(R, 50000);
  EXPECT_EQ(flexcc_heap_of(R), FLEXCC_HEAP_SHARED);
  __flexcc_free_c0(R);
  for (int H : AllHeaps) {
    struct flexcc_heap_stats St;
    ASSERT_EQ(flexcc_heap_get_stats(H, &St), 0);
    EXPECT_EQ(St.blocks, 0u) << H;
  }
}

TEST_F(Heap, LibcBlockFreed) {
  void *P = malloc(100);
  ASSERT_NE(P, nullptr);
  EXPECT_EQ(flexcc_heap_of(P), -1);
  EXPECT_GE(flexcc_heap_usable_size(P), 100u);
  memset(P, 3, 100);
  P = __flexcc_realloc_c1(P, 5000); // stays a libc block
  ASSERT_NE(P, nullptr);
  EXPECT_EQ(flexcc_heap_of(P), -1);
  EXPECT_EQ(static_cast<unsigned char *>(P)[99], 3);
  flexcc_heap_free(P);
  __flexcc_free_c2(strdup("libc allocates this"));
  flexcc_heap_free(nullptr);
  __flexcc_free_c0(nullptr);
  // Before initialisation every pointer is a libc pointer.
  void *Q = malloc(10);
  flexcc_heap_fini();
  EXPECT_EQ(flexcc_heap_of(Q), -1);
  flexcc_heap_free(Q);
  int Local;
  EXPECT_EQ(flexcc_heap_of(&Local), -1);
}

TEST_F(Heap, RangesConsistent) {
  std::vector<std::pair<uintptr_t, uintptr_t>> Ranges;
  for (int H : AllHeaps) {
    void *S;
    size_t L;
    ASSERT_EQ(flexcc_heap_range(H, &S, &L), 0);
    EXPECT_EQ(L, RegionSize);
    EXPECT_TRUE(aligned(S, 4096));
    EXPECT_EQ(L % 4096, 0u);
    EXPECT_EQ(flexcc_heap_of(S), H);
    EXPECT_EQ(flexcc_heap_of((char *)S + L - 1), H);
    EXPECT_EQ(flexcc_heap_of((char *)S + L), -1); // the guard gap
    EXPECT_EQ(flexcc_heap_of((char *)S - 1), -1);
    Ranges.push_back({uintptr_t(S), uintptr_t(S) + L});
  }
  for (size_t I = 0; I < Ranges.size(); ++I)
    for (size_t J = I + 1; J < Ranges.size(); ++J)
      EXPECT_TRUE(Ranges[I].second <= Ranges[J].first ||
                  Ranges[J].second <= Ranges[I].first);
  void *S;
  size_t L;
  EXPECT_EQ(flexcc_heap_range(NrComps, &S, &L), -EINVAL);
  EXPECT_EQ(flexcc_heap_range(-1, &S, &L), -EINVAL);

  std::mt19937 Rng(7);
  std::vector<void *> Blocks;
  for (int I = 0; I < 2000; ++I) {
    int H = AllHeaps[Rng() % 5];
    size_t N = Rng() % 3 ? Rng() % 3000 : Rng() % 200000;
    void *P = flexcc_heap_malloc(H, N);
    ASSERT_NE(P, nullptr);
    ASSERT_EQ(flexcc_heap_of(P), H);
    ASSERT_TRUE(inRange(H, P, flexcc_heap_usable_size(P)));
    Blocks.push_back(P);
  }
  for (void *P : Blocks)
    flexcc_heap_free(P);
}

TEST_F(Heap, InitIsIdempotent) {
  EXPECT_EQ(flexcc_heap_init(NrComps, RegionSize), 0);
  EXPECT_EQ(flexcc_heap_init(2, 0), 0);
  EXPECT_EQ(flexcc_heap_init(2, RegionSize - 1000), 0); // same once rounded
  EXPECT_EQ(flexcc_heap_init(NrComps + 1, RegionSize), -EEXIST);
  EXPECT_EQ(flexcc_heap_init(2, RegionSize / 2), -EEXIST);
  EXPECT_EQ(flexcc_heap_init(0, 0), -EINVAL);
  EXPECT_EQ(flexcc_heap_init(65, 0), -EINVAL);
  EXPECT_EQ(flexcc_heap_count(), NrComps);
}

TEST_F(Heap, LazyInitialisation) {
  flexcc_heap_fini();
  EXPECT_EQ(flexcc_heap_count(), 0u);
  void *P = __flexcc_malloc_c7(10);
  ASSERT_NE(P, nullptr);
  EXPECT_EQ(flexcc_heap_count(), unsigned(FLEXCC_HEAP_MAX_COMPARTMENTS));
  EXPECT_EQ(flexcc_heap_of(P), 7);
  void *Q = __flexcc_malloc_c63(10);
  EXPECT_EQ(flexcc_heap_of(Q), 63);
  void *S;
  size_t L;
  ASSERT_EQ(flexcc_heap_range(FLEXCC_HEAP_SHARED, &S, &L), 0);
  // The default, or less where the address space is limited (valgrind).
  EXPECT_LE(L, FLEXCC_HEAP_DEFAULT_REGION_SIZE);
  EXPECT_GE(L, size_t(16) << 20);
  EXPECT_EQ(flexcc_heap_init(4, 0), 0); // the image's own init: satisfied
  __flexcc_free_c7(P);
  __flexcc_free_c7(Q);
}

TEST_F(Heap, Exhaustion) {
  flexcc_heap_fini();
  ASSERT_EQ(flexcc_heap_init(1, MiB), 0);
  std::vector<void *> Blocks;
  for (;;) {
    errno = 0;
    void *P = flexcc_heap_malloc(0, 1000);
    if (!P) {
      EXPECT_EQ(errno, ENOMEM);
      break;
    }
    ASSERT_EQ(flexcc_heap_of(P), 0);
    Blocks.push_back(P);
    ASSERT_LT(Blocks.size(), 2000u);
  }
  EXPECT_GT(Blocks.size(), 900u); // most of the 1 MiB was usable
  errno = 0;
  EXPECT_EQ(flexcc_heap_malloc(0, 5000), nullptr);
  EXPECT_EQ(errno, ENOMEM);
  // The shared heap is independent.
  void *Sh = flexcc_shared_malloc(100000);
  EXPECT_NE(Sh, nullptr);
  // Realloc failure leaves the block alone.
  errno = 0;
  EXPECT_EQ(flexcc_heap_realloc(0, Blocks[0], 100000), nullptr);
  EXPECT_EQ(errno, ENOMEM);
  for (void *P : Blocks)
    flexcc_heap_free(P);
  // Freed memory is reusable, and large requests fit again once coalesced.
  void *Big = flexcc_heap_malloc(0, 700 * 1024);
  EXPECT_NE(Big, nullptr);
  errno = 0;
  EXPECT_EQ(flexcc_heap_malloc(0, 2 * MiB), nullptr);
  EXPECT_EQ(errno, ENOMEM);
  EXPECT_EQ(flexcc_heap_malloc(0, SIZE_MAX), nullptr);
  EXPECT_EQ(flexcc_heap_memalign(0, size_t(1) << 40, 10), nullptr);
  flexcc_heap_free(Big);
  flexcc_shared_free(Sh);
}

TEST_F(Heap, MemoryFollowsUse) {
  struct flexcc_heap_stats St;
  ASSERT_EQ(flexcc_heap_get_stats(1, &St), 0);
  EXPECT_EQ(St.committed, 0u);
  void *P = flexcc_heap_malloc(1, 100);
  ASSERT_EQ(flexcc_heap_get_stats(1, &St), 0);
  EXPECT_EQ(St.committed, 64u * 1024);
  EXPECT_EQ(St.in_use, 112u);
  EXPECT_EQ(St.blocks, 1u);
  void *Q = flexcc_heap_malloc(1, 10 * MiB);
  ASSERT_EQ(flexcc_heap_get_stats(1, &St), 0);
  EXPECT_LE(St.committed, 11 * MiB);
  flexcc_heap_free(Q);
  flexcc_heap_free(P);
  ASSERT_EQ(flexcc_heap_get_stats(1, &St), 0);
  EXPECT_EQ(St.in_use, 0u);
  EXPECT_EQ(St.blocks, 0u);
}

TEST_F(Heap, SharedHeapApi) {
  void *P = flexcc_shared_palloc(3);
  ASSERT_NE(P, nullptr);
  EXPECT_TRUE(aligned(P, 4096));
  EXPECT_EQ(flexcc_heap_of(P), FLEXCC_HEAP_SHARED);
  EXPECT_GE(flexcc_heap_usable_size(P), 3 * 4096u);
  memset(P, 1, 3 * 4096);
  flexcc_shared_pfree(P, 3);
  void *Z = flexcc_shared_palloc(0);
  EXPECT_TRUE(Z && aligned(Z, 4096));
  flexcc_shared_free(Z);
  errno = 0;
  EXPECT_EQ(flexcc_shared_palloc(SIZE_MAX / 2), nullptr);
  EXPECT_EQ(errno, ENOMEM);
  void *A = flexcc_shared_memalign(128, 40);
  EXPECT_TRUE(A && aligned(A, 128));
  EXPECT_EQ(flexcc_heap_of(A), FLEXCC_HEAP_SHARED);
  void *C = flexcc_shared_calloc(10, 10);
  EXPECT_EQ(flexcc_heap_of(C), FLEXCC_HEAP_SHARED);
  void *R = flexcc_shared_realloc(nullptr, 10);
  EXPECT_EQ(flexcc_heap_of(R), FLEXCC_HEAP_SHARED);
  R = flexcc_shared_realloc(R, 20000);
  EXPECT_EQ(flexcc_heap_of(R), FLEXCC_HEAP_SHARED);
  flexcc_shared_free(A);
  flexcc_shared_free(C);
  flexcc_shared_free(R);
}

TEST_F(Heap, PerCompartmentEntryPoints) {
  void *M = __flexcc_malloc_c3(10);
  EXPECT_EQ(flexcc_heap_of(M), 3);
  auto *C = static_cast<unsigned char *>(__flexcc_calloc_c3(7, 9));
  ASSERT_NE(C, nullptr);
  EXPECT_EQ(flexcc_heap_of(C), 3);
  for (int I = 0; I < 63; ++I)
    EXPECT_EQ(C[I], 0);
  void *R = __flexcc_realloc_c3(nullptr, 100);
  EXPECT_EQ(flexcc_heap_of(R), 3);
  R = __flexcc_realloc_c3(R, 10000);
  EXPECT_EQ(flexcc_heap_of(R), 3);
  EXPECT_EQ(__flexcc_realloc_c3(R, 0), nullptr); // freed

  void *Pm = reinterpret_cast<void *>(0x1234);
  errno = 1234;
  EXPECT_EQ(__flexcc_posix_memalign_c3(&Pm, 4, 10), EINVAL);
  EXPECT_EQ(__flexcc_posix_memalign_c3(&Pm, 0, 10), EINVAL);
  EXPECT_EQ(__flexcc_posix_memalign_c3(&Pm, 24, 10), EINVAL);
  EXPECT_EQ(__flexcc_posix_memalign_c3(&Pm, 64, size_t(1) << 40), ENOMEM);
  EXPECT_EQ(Pm, reinterpret_cast<void *>(0x1234)); // untouched on failure
  EXPECT_EQ(errno, 1234);                          // errno untouched
  EXPECT_EQ(__flexcc_posix_memalign_c3(&Pm, 8, 10), 0);
  EXPECT_EQ(flexcc_heap_of(Pm), 3);
  void *Pm2;
  EXPECT_EQ(__flexcc_posix_memalign_c3(&Pm2, 8192, 10), 0);
  EXPECT_TRUE(aligned(Pm2, 8192));

  errno = 0;
  EXPECT_EQ(__flexcc_aligned_alloc_c3(3, 10), nullptr);
  EXPECT_EQ(errno, EINVAL);
  EXPECT_EQ(__flexcc_aligned_alloc_c3(0, 10), nullptr);
  void *Aa = __flexcc_aligned_alloc_c3(64, 10); // size need not be a multiple
  EXPECT_TRUE(Aa && aligned(Aa, 64));
  EXPECT_EQ(flexcc_heap_of(Aa), 3);

  void *Ma = __flexcc_memalign_c3(24, 10); // rounded up to 32
  EXPECT_TRUE(Ma && aligned(Ma, 32));
  void *Ma0 = __flexcc_memalign_c3(0, 10);
  EXPECT_TRUE(Ma0 && aligned(Ma0, 16));

  EXPECT_GE(__flexcc_malloc_usable_size_c3(M), 10u);
  EXPECT_EQ(__flexcc_malloc_usable_size_c3(nullptr), 0u);

  errno = 0;
  EXPECT_EQ(__flexcc_malloc_c3(SIZE_MAX), nullptr);
  EXPECT_EQ(errno, ENOMEM);

  for (void *P : {M, (void *)C, Pm, Pm2, Aa, Ma, Ma0})
    __flexcc_free_c3(P);
  // Every compartment index has its own entry points.
  void *P0 = __flexcc_malloc_c0(1), *P1 = __flexcc_malloc_c1(1);
  EXPECT_EQ(flexcc_heap_of(P0), 0);
  EXPECT_EQ(flexcc_heap_of(P1), 1);
  __flexcc_free_c1(P0);
  __flexcc_free_c0(P1);
}

TEST_F(Heap, InvalidFreeAborts) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  void *S = flexcc_heap_malloc(1, 40);
  void *L = flexcc_heap_malloc(FLEXCC_HEAP_SHARED, 40000);
  void *S2 = flexcc_heap_malloc(1, 40);
  flexcc_heap_free(S2);
  EXPECT_DEATH(flexcc_heap_free(S2), "heap of compartment 1: double free");
  EXPECT_DEATH(flexcc_heap_free((char *)S + 8),
               "heap of compartment 1: invalid pointer");
  EXPECT_DEATH(flexcc_heap_free((char *)L + 4096),
               "shared heap: invalid pointer");
  EXPECT_DEATH(
      {
        flexcc_heap_free(L);
        flexcc_heap_free(L);
      },
      "shared heap: double free");
  void *St;
  size_t Len;
  ASSERT_EQ(flexcc_heap_range(0, &St, &Len), 0);
  EXPECT_DEATH(flexcc_heap_free((char *)St + Len + 16), "guard gap");
  EXPECT_DEATH(flexcc_heap_free((char *)St + Len - 4096),
               "heap of compartment 0: invalid pointer");
  EXPECT_DEATH(__flexcc_malloc_c5(1), "compartment 5 has no heap");
  flexcc_heap_free(S);
  flexcc_heap_free(L);
}

TEST_F(Heap, ForkKeepsHeapsUsable) {
  void *P = flexcc_heap_malloc(0, 100);
  pid_t Pid = fork();
  ASSERT_GE(Pid, 0);
  if (Pid == 0) {
    void *Q = flexcc_heap_malloc(0, 100000);
    flexcc_heap_free(P);
    flexcc_heap_free(Q);
    _exit(flexcc_heap_of(Q) == 0 ? 0 : 1);
  }
  int Status = 0;
  ASSERT_EQ(waitpid(Pid, &Status, 0), Pid);
  EXPECT_TRUE(WIFEXITED(Status) && WEXITSTATUS(Status) == 0);
  flexcc_heap_free(P);
}

// Blocks carry their own description so that any thread can check them.
struct Hdr {
  uint32_t Size;
  uint8_t Pat;
};

void fillBlock(void *P, size_t N, uint8_t Pat) {
  auto *B = static_cast<unsigned char *>(P);
  Hdr H{uint32_t(N), Pat};
  memcpy(B, &H, sizeof(H));
  memset(B + sizeof(H), Pat, N - sizeof(H));
}

bool checkBlock(const void *P) {
  auto *B = static_cast<const unsigned char *>(P);
  Hdr H;
  memcpy(&H, B, sizeof(H));
  for (size_t I = sizeof(H); I < H.Size; ++I)
    if (B[I] != H.Pat)
      return false;
  return true;
}

TEST_F(Heap, StressThreads) {
  constexpr int NThreads = 4, Ops = 30000, Slots = 128;
  std::atomic<void *> Exchange[16] = {};
  std::atomic<int> Failures{0};
  auto T0 = std::chrono::steady_clock::now();
  auto Work = [&](int Id) {
    std::mt19937 Rng(Id * 7919 + 1);
    std::vector<void *> Slot(Slots, nullptr);
    auto randSize = [&]() -> size_t {
      unsigned R = Rng() % 100;
      if (R < 80)
        return 16 + Rng() % 2033;
      if (R < 99)
        return 2049 + Rng() % 60000;
      return 100000 + Rng() % 300000;
    };
    for (int Op = 0; Op < Ops; ++Op) {
      int S = Rng() % Slots;
      uint8_t Pat = uint8_t(Rng());
      unsigned Kind = Rng() % 10;
      if (!Slot[S]) {
        size_t N = randSize();
        void *P;
        switch (Rng() % 4) {
        case 0: P = flexcc_heap_malloc(Id, N); break;
        case 1: P = flexcc_shared_malloc(N); break;
        case 2: P = flexcc_heap_calloc(Id, 1, N); break;
        default:
          P = flexcc_heap_memalign(Rng() % 2 ? Id : FLEXCC_HEAP_SHARED,
                                   size_t(16) << (Rng() % 10), N);
        }
        if (!P) {
          Failures++;
          continue;
        }
        fillBlock(P, N, Pat);
        Slot[S] = P;
      } else if (!checkBlock(Slot[S])) {
        Failures++;
        Slot[S] = nullptr;
      } else if (Kind < 4) {
        size_t N = randSize();
        void *P = flexcc_heap_realloc(Id, Slot[S], N);
        if (!P) {
          Failures++;
          continue;
        }
        // The old content survives up to the smaller size.
        Hdr H;
        memcpy(&H, P, sizeof(H));
        size_t Keep = std::min<size_t>(H.Size, N);
        for (size_t I = sizeof(H); I < Keep; ++I)
          if (static_cast<unsigned char *>(P)[I] != H.Pat) {
            Failures++;
            break;
          }
        fillBlock(P, N, Pat);
        Slot[S] = P;
      } else if (Kind < 6) {
        // Hand the block to whichever thread comes next; free what we get.
        void *Got = Exchange[Rng() % 16].exchange(Slot[S]);
        Slot[S] = nullptr;
        if (Got) {
          if (!checkBlock(Got))
            Failures++;
          flexcc_heap_free(Got);
        }
      } else {
        flexcc_heap_free(Slot[S]);
        Slot[S] = nullptr;
      }
    }
    for (void *P : Slot)
      if (P) {
        if (!checkBlock(P))
          Failures++;
        flexcc_heap_free(P);
      }
  };
  std::vector<std::thread> Threads;
  for (int I = 0; I < NThreads; ++I)
    Threads.emplace_back(Work, I);
  for (auto &T : Threads)
    T.join();
  for (auto &E : Exchange)
    if (void *P = E.load()) {
      EXPECT_TRUE(checkBlock(P));
      flexcc_heap_free(P);
    }
  auto Ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                std::chrono::steady_clock::now() - T0)
                .count();
  EXPECT_EQ(Failures.load(), 0);
  for (int H : AllHeaps) {
    struct flexcc_heap_stats St;
    ASSERT_EQ(flexcc_heap_get_stats(H, &St), 0);
    EXPECT_EQ(St.blocks, 0u) << H;
    EXPECT_EQ(St.in_use, 0u) << H;
  }
  std::printf("[ stress   ] %d threads x %d ops: %lld ms\n", NThreads, Ops,
              (long long)Ms);
}

} // namespace
