//===--- bounce_test.cpp - the bounce buffer of copy sharing --------------===//
// SPDX-License-Identifier: Apache-2.0
//
// runtime/src/bounce.c, as the generated stubs use it: copies in, zeroed out
// buffers, strings, copy-back, NULL and empty copies, stacking and release,
// the per-thread buffers, and the reported fault when a copy does not fit.
//===----------------------------------------------------------------------===//
#include "flexcc/backend.h"
#include "flexcc/heap.h"
#include "gtest/gtest.h"

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

namespace {

const flexcc_copy_site Site = {"vfs_read", 2, "buf"};

bool inSharedHeap(const void *P) {
  return flexcc_heap_of(P) == FLEXCC_HEAP_SHARED;
}

TEST(Bounce, InCopiesIntoSharedMemoryAndReleaseRewinds) {
  unsigned long M = flexcc_bounce_mark();
  char Private[] = "private bytes";
  auto *B = static_cast<char *>(flexcc_bounce_in(Private, sizeof(Private), &Site));
  ASSERT_NE(B, nullptr);
  EXPECT_NE(B, Private);
  EXPECT_TRUE(inSharedHeap(B));
  EXPECT_EQ(uintptr_t(B) % 16, 0u);
  EXPECT_STREQ(B, "private bytes");
  // The copy is independent of the caller's memory.
  Private[0] = 'X';
  EXPECT_EQ(B[0], 'p');
  flexcc_bounce_release(M);
  EXPECT_EQ(flexcc_bounce_mark(), M);
  // The space is reused once released.
  auto *Again = static_cast<char *>(flexcc_bounce_in(Private, 4, &Site));
  EXPECT_EQ(Again, B);
  flexcc_bounce_release(M);
}

TEST(Bounce, OutIsZeroedAndCopiedBack) {
  unsigned long M = flexcc_bounce_mark();
  // Leave non-zero bytes in the buffer, then ask for an out copy there.
  std::vector<char> Junk(64, 'J');
  flexcc_bounce_in(Junk.data(), Junk.size(), &Site);
  flexcc_bounce_release(M);
  char Caller[64];
  memset(Caller, 'c', sizeof(Caller));
  auto *B = static_cast<char *>(flexcc_bounce_out(Caller, sizeof(Caller), &Site));
  for (char C : std::string(B, sizeof(Caller)))
    ASSERT_EQ(C, 0) << "an out copy shows the callee stale or caller data";
  memcpy(B, "written by the callee", 22);
  errno = 1234;
  flexcc_bounce_back(Caller, B, sizeof(Caller));
  EXPECT_EQ(errno, 1234);
  EXPECT_STREQ(Caller, "written by the callee");
  flexcc_bounce_release(M);
}

TEST(Bounce, StringsNullAndEmpty) {
  unsigned long M = flexcc_bounce_mark();
  auto *S = static_cast<char *>(flexcc_bounce_string("hello", &Site));
  EXPECT_STREQ(S, "hello");
  EXPECT_EQ(flexcc_bounce_string(nullptr, &Site), nullptr);
  EXPECT_EQ(flexcc_bounce_in(nullptr, 100, &Site), nullptr);
  EXPECT_EQ(flexcc_bounce_out(nullptr, 100, &Site), nullptr);
  // Empty copies of real pointers are real, distinct pointers.
  char C = 0;
  void *E1 = flexcc_bounce_in(&C, 0, &Site);
  void *E2 = flexcc_bounce_out(&C, 0, &Site);
  EXPECT_NE(E1, nullptr);
  EXPECT_NE(E2, nullptr);
  EXPECT_NE(E1, E2);
  flexcc_bounce_back(nullptr, E1, 0); // Nothing to do, no crash.
  flexcc_bounce_release(M);
}

TEST(Bounce, NestedCopiesStack) {
  unsigned long Outer = flexcc_bounce_mark();
  char A[100], Bv[100];
  memset(A, 'a', sizeof(A));
  memset(Bv, 'b', sizeof(Bv));
  auto *CA = static_cast<char *>(flexcc_bounce_in(A, sizeof(A), &Site));
  unsigned long Inner = flexcc_bounce_mark();
  auto *CB = static_cast<char *>(flexcc_bounce_in(Bv, sizeof(Bv), &Site));
  EXPECT_GE(CB, CA + sizeof(A));
  flexcc_bounce_release(Inner);
  EXPECT_EQ(CA[99], 'a'); // The outer copy survives the inner release.
  flexcc_bounce_release(Outer);
}

TEST(Bounce, ThreadsHaveBuffersOfTheirOwn) {
  unsigned long M = flexcc_bounce_mark();
  char Mine = 'm';
  void *Here = flexcc_bounce_in(&Mine, 1, &Site);
  void *There = nullptr;
  std::thread T([&] {
    char Theirs = 't';
    There = flexcc_bounce_in(&Theirs, 1, &Site);
    EXPECT_TRUE(inSharedHeap(There));
  });
  T.join();
  EXPECT_NE(Here, There);
  flexcc_bounce_release(M);
}

TEST(Bounce, WholeBufferFitsThenOneByteMoreIsAFault) {
  unsigned long M = flexcc_bounce_mark();
  std::vector<char> Big(FLEXCC_BOUNCE_SIZE, 'x');
  ASSERT_NE(flexcc_bounce_in(Big.data(), Big.size(), &Site), nullptr);
  flexcc_bounce_release(M);
  EXPECT_DEATH(flexcc_bounce_in(Big.data(), Big.size() + 1, &Site),
               "flexcc: copy sharing fault: parameter 2 'buf' of vfs_read\\(\\) "
               "needs 1048577 bytes: this thread's bounce buffer has 1048576 of "
               "its 1048576 bytes free");
}

TEST(Bounce, LiveCopiesCountAgainstTheBuffer) {
  unsigned long M = flexcc_bounce_mark();
  std::vector<char> Half(FLEXCC_BOUNCE_SIZE / 2, 'h');
  flexcc_bounce_in(Half.data(), Half.size(), &Site);
  EXPECT_DEATH(flexcc_bounce_in(Half.data(), Half.size() + 1, &Site),
               "has 524288 of its 1048576 bytes free");
  flexcc_bounce_release(M);
}

TEST(Bounce, ANegativeSizeIsAFaultNotACrash) {
  // A stub computes sizes as unsigned long: a negative int size arrives
  // huge and must be reported, not copied.
  char C = 0;
  int Len = -1;
  EXPECT_DEATH(flexcc_bounce_in(&C, (unsigned long)Len, &Site),
               "needs 18446744073709551615 bytes");
}

} // namespace
