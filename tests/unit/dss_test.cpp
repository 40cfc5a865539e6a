//===--- dss_test.cpp - the data shadow stacks (runtime/src/dss.c) ---------===//
// SPDX-License-Identifier: Apache-2.0
//
// The main thread's stack and every stack flexcc_pthread_create makes have a
// readable, writable, zero-filled shadow FLEXCC_DSS_OFFSET above them, and the
// runtime gives the memory back when a thread is joined or, detached, ended.
//===----------------------------------------------------------------------===//
#include "flexcc/dss.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <string>
#include <thread>

#include <sys/mman.h>
#include <unistd.h>

namespace {

// The shadow of *p, as __FLEXOS_DSS computes it: the asm hides from the
// compiler that the result is derived from p.
template <class T> T *shadowOf(T *p) {
  uintptr_t q = reinterpret_cast<uintptr_t>(p);
  asm("" : "+r"(q));
  return reinterpret_cast<T *>(q + FLEXCC_DSS_OFFSET);
}

size_t mapsLines() {
  std::ifstream In("/proc/self/maps");
  std::string Line;
  size_t N = 0;
  while (std::getline(In, Line))
    ++N;
  return N;
}

bool mapped(const void *p) {
  uintptr_t Page = reinterpret_cast<uintptr_t>(p) & ~(uintptr_t)4095;
  unsigned char V;
  return mincore(reinterpret_cast<void *>(Page), 4096, &V) == 0;
}

// Initialises the main thread's shadow; skips the test on the one failure
// that is the machine's and not the runtime's: a main stack placed (at
// random) less than the offset below the top of the address space.
#define INIT_OR_SKIP()                                                         \
  do {                                                                         \
    int Err = flexcc_dss_init();                                               \
    if (Err == -ENOMEM)                                                        \
      GTEST_SKIP() << "the main stack is too close to the top of the "         \
                      "address space for its shadow";                          \
    ASSERT_EQ(Err, 0);                                                         \
  } while (0)

struct Probe {
  void *StackStart = nullptr;
  size_t StackLen = 0;
  int StackOf = -1;
  bool ShadowZero = false;
  bool ShadowWritable = false;
  bool SlotKept = false;
  uintptr_t Local = 0;
};

// In a thread: its local's shadow is zero, writable, and not the slot.
void *probe(void *Arg) {
  Probe *P = static_cast<Probe *>(Arg);
  volatile char Buf[128];
  for (size_t I = 0; I < sizeof(Buf); ++I)
    Buf[I] = 'x';
  volatile char *S = shadowOf(Buf);
  P->ShadowZero = true;
  for (size_t I = 0; I < sizeof(Buf); ++I)
    P->ShadowZero = P->ShadowZero && S[I] == 0;
  for (size_t I = 0; I < sizeof(Buf); ++I)
    S[I] = static_cast<char>(I);
  P->ShadowWritable = true;
  for (size_t I = 0; I < sizeof(Buf); ++I)
    P->ShadowWritable = P->ShadowWritable && S[I] == static_cast<char>(I);
  P->SlotKept = Buf[0] == 'x' && Buf[sizeof(Buf) - 1] == 'x';
  P->Local = reinterpret_cast<uintptr_t>(Buf);
  P->StackOf = flexcc_dss_stack_of(const_cast<char *>(Buf), &P->StackStart,
                                   &P->StackLen);
  return Arg;
}

void *nothing(void *Arg) { return Arg; }

// Runs threads until the reaper has released every ended detached thread.
bool reapAll() {
  auto Deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (flexcc_dss_thread_count() != 0) {
    if (std::chrono::steady_clock::now() > Deadline)
      return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    pthread_t T;
    if (flexcc_pthread_create(&T, nullptr, nothing, nullptr) != 0 ||
        flexcc_pthread_join(T, nullptr) != 0)
      return false;
  }
  return true;
}

// Creates and joins a few threads, so that libc's per-thread state (malloc
// arenas) exists before mappings are counted.
void warmUp() {
  for (int I = 0; I < 4; ++I) {
    Probe P;
    pthread_t T;
    ASSERT_EQ(flexcc_pthread_create(&T, nullptr, probe, &P), 0);
    ASSERT_EQ(flexcc_pthread_join(T, nullptr), 0);
  }
  ASSERT_TRUE(reapAll());
}

} // namespace

TEST(Dss, MainThreadShadow) {
  INIT_OR_SKIP();
  size_t Before = mapsLines();
  ASSERT_EQ(flexcc_dss_init(), 0); // idempotent: maps nothing more
  EXPECT_EQ(mapsLines(), Before);

  volatile long Local = 42;
  void *Start;
  size_t Len;
  ASSERT_EQ(flexcc_dss_stack_of(const_cast<long *>(&Local), &Start, &Len), 0);
  EXPECT_GE(Len, (size_t)sysconf(_SC_PAGESIZE));
  EXPECT_LE(Len, FLEXCC_DSS_OFFSET);
  EXPECT_TRUE(mapped(static_cast<char *>(Start) + FLEXCC_DSS_OFFSET));

  volatile long *S = shadowOf(&Local);
  EXPECT_EQ(*S, 0);
  *S = 7;
  EXPECT_EQ(*S, 7);
  EXPECT_EQ(Local, 42);
  // The lowest page of the shadow (the stack's growth limit) is there too.
  volatile char *Low = static_cast<char *>(Start) + FLEXCC_DSS_OFFSET;
  EXPECT_EQ(Low[0], 0);
  Low[0] = 1;
  EXPECT_EQ(Low[0], 1);
  Low[0] = 0;
}

TEST(Dss, ThreadsSeeTheirOwnShadow) {
  constexpr int N = 4;
  Probe P[N];
  pthread_t T[N];
  for (int I = 0; I < N; ++I)
    ASSERT_EQ(flexcc_pthread_create(&T[I], nullptr, probe, &P[I]), 0);
  EXPECT_EQ(flexcc_dss_thread_count(), (size_t)N);
  for (int I = 0; I < N; ++I) {
    void *Ret = nullptr;
    ASSERT_EQ(flexcc_pthread_join(T[I], &Ret), 0);
    EXPECT_EQ(Ret, &P[I]);
  }
  EXPECT_EQ(flexcc_dss_thread_count(), 0u);
  for (int I = 0; I < N; ++I) {
    SCOPED_TRACE(I);
    ASSERT_EQ(P[I].StackOf, 0);
    EXPECT_TRUE(P[I].ShadowZero);
    EXPECT_TRUE(P[I].ShadowWritable);
    EXPECT_TRUE(P[I].SlotKept);
    uintptr_t Lo = reinterpret_cast<uintptr_t>(P[I].StackStart);
    EXPECT_GE(P[I].Local, Lo);
    EXPECT_LT(P[I].Local, Lo + P[I].StackLen);
    // glibc's default thread stack size (RLIMIT_STACK, 8 MiB here) or more.
    EXPECT_GE(P[I].StackLen, (size_t)1 << 20);
    for (int J = 0; J < I; ++J)
      EXPECT_NE(P[I].StackStart, P[J].StackStart);
    // Joined: the stack and its shadow are gone.
    EXPECT_FALSE(mapped(reinterpret_cast<void *>(P[I].Local)));
    EXPECT_FALSE(mapped(reinterpret_cast<void *>(P[I].Local + FLEXCC_DSS_OFFSET)));
  }
}

TEST(Dss, FiftyThreadsLeakNoMapping) {
  warmUp();
  size_t Before = mapsLines();
  for (int I = 0; I < 50; ++I) {
    Probe P;
    pthread_t T;
    ASSERT_EQ(flexcc_pthread_create(&T, nullptr, probe, &P), 0);
    ASSERT_EQ(flexcc_pthread_join(T, nullptr), 0);
    ASSERT_TRUE(P.ShadowZero && P.ShadowWritable) << I;
  }
  EXPECT_EQ(mapsLines(), Before);
  EXPECT_EQ(flexcc_dss_thread_count(), 0u);
}

TEST(Dss, AttributesAreKept) {
  pthread_attr_t A;
  ASSERT_EQ(pthread_attr_init(&A), 0);
  ASSERT_EQ(pthread_attr_setstacksize(&A, (size_t)1 << 20), 0);
  Probe P;
  pthread_t T;
  ASSERT_EQ(flexcc_pthread_create(&T, &A, probe, &P), 0);
  ASSERT_EQ(flexcc_pthread_join(T, nullptr), 0);
  EXPECT_EQ(P.StackOf, 0);
  EXPECT_EQ(P.StackLen, (size_t)1 << 20);
  // The caller's attributes are not changed.
  void *Addr = &P;
  size_t Size = 0;
  ASSERT_EQ(pthread_attr_getstack(&A, &Addr, &Size), 0);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(Addr) + Size, 0u); // no stack set
  EXPECT_EQ(Size, (size_t)1 << 20);
  ASSERT_EQ(pthread_attr_destroy(&A), 0);
}

TEST(Dss, CallerStackGetsAShadow) {
  const size_t Size = 256 << 10;
  void *Stack = mmap(nullptr, Size, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ASSERT_NE(Stack, MAP_FAILED);
  pthread_attr_t A;
  ASSERT_EQ(pthread_attr_init(&A), 0);
  ASSERT_EQ(pthread_attr_setstack(&A, Stack, Size), 0);
  Probe P;
  pthread_t T;
  ASSERT_EQ(flexcc_pthread_create(&T, &A, probe, &P), 0);
  ASSERT_EQ(flexcc_pthread_join(T, nullptr), 0);
  EXPECT_EQ(P.StackOf, 0);
  EXPECT_EQ(P.StackStart, Stack);
  EXPECT_EQ(P.StackLen, Size);
  EXPECT_TRUE(P.ShadowZero);
  EXPECT_TRUE(P.ShadowWritable);
  EXPECT_TRUE(P.SlotKept);
  // The caller's stack stays; only its shadow is unmapped.
  EXPECT_TRUE(mapped(Stack));
  EXPECT_FALSE(mapped(static_cast<char *>(Stack) + FLEXCC_DSS_OFFSET));

  // A shadow that would overlap a mapping: EEXIST, nothing created.
  void *Blocker = mmap(static_cast<char *>(Stack) + FLEXCC_DSS_OFFSET, 4096,
                       PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE,
                       -1, 0);
  ASSERT_EQ(Blocker, static_cast<char *>(Stack) + FLEXCC_DSS_OFFSET);
  EXPECT_EQ(flexcc_pthread_create(&T, &A, probe, &P), EEXIST);
  EXPECT_EQ(flexcc_dss_thread_count(), 0u);
  munmap(Blocker, 4096);
  ASSERT_EQ(pthread_attr_destroy(&A), 0);
  munmap(Stack, Size);
}

TEST(Dss, DetachedThreadsAreReclaimed) {
  warmUp();
  size_t Before = mapsLines();
  pthread_attr_t A;
  ASSERT_EQ(pthread_attr_init(&A), 0);
  ASSERT_EQ(pthread_attr_setdetachstate(&A, PTHREAD_CREATE_DETACHED), 0);
  static Probe P[10];
  pthread_t T;
  for (Probe &Pr : P)
    ASSERT_EQ(flexcc_pthread_create(&T, &A, probe, &Pr), 0);
  // Detached later through flexcc_pthread_detach, while it waits (a
  // thread that has ended may be reaped at once: using its id is then
  // undefined, as with pthreads).
  static std::atomic<bool> Go{false};
  ASSERT_EQ(flexcc_pthread_create(&T, nullptr,
                                  [](void *) -> void * {
                                    while (!Go.load())
                                      std::this_thread::yield();
                                    return nullptr;
                                  },
                                  nullptr),
            0);
  ASSERT_EQ(flexcc_pthread_detach(T), 0);
  EXPECT_EQ(flexcc_pthread_detach(T), EINVAL);
  EXPECT_EQ(flexcc_pthread_join(T, nullptr), EINVAL);
  Go = true;
  ASSERT_EQ(pthread_attr_destroy(&A), 0);

  ASSERT_TRUE(reapAll()) << flexcc_dss_thread_count() << " threads not reaped";
  EXPECT_EQ(mapsLines(), Before);
  for (Probe &Pr : P)
    EXPECT_TRUE(Pr.ShadowZero && Pr.ShadowWritable);
}

TEST(Dss, Errors) {
  pthread_attr_t A;
  ASSERT_EQ(pthread_attr_init(&A), 0);
  ASSERT_EQ(pthread_attr_setstacksize(&A, FLEXCC_DSS_OFFSET + 4096), 0);
  pthread_t T;
  EXPECT_EQ(flexcc_pthread_create(&T, &A, nothing, nullptr), EINVAL);
  EXPECT_EQ(flexcc_pthread_create(&T, nullptr, nullptr, nullptr), EINVAL);
  EXPECT_EQ(flexcc_dss_thread_count(), 0u);
  ASSERT_EQ(pthread_attr_destroy(&A), 0);
  void *S;
  size_t L;
  static int Global;
  EXPECT_EQ(flexcc_dss_stack_of(&Global, &S, &L), -ENOENT);
}
