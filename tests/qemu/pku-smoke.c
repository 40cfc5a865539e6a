/*===--- pku-smoke.c - proves the QEMU harness has working PKU ------------===*
 * SPDX-License-Identifier: Apache-2.0
 *
 * A static test image for tests/qemu: allocates a protection key, gives a
 * page that key with pkey_mprotect, then with WRPKRU denies access (a read
 * must fault) and denies writes only (a read works, a write must fault). Each
 * fault must be a SIGSEGV with si_code == SEGV_PKUERR, si_pkey == the key and
 * si_addr == the page. A signal handler starts with the kernel's default PKRU,
 * so the handler only records the fault and siglongjmps out; PKRU is restored
 * after that. Prints one "OK ..." line per check; exits 0 when all pass, 1 at
 * the first failure (on a host without PKU: pkey_alloc fails).
 *===----------------------------------------------------------------------===*/
#define _GNU_SOURCE
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define PKRU_AD(k) (1u << (2 * (k)))     /* access disable */
#define PKRU_WD(k) (1u << (2 * (k) + 1)) /* write disable */

static inline uint32_t rdpkru(void) {
  uint32_t eax, edx;
  __asm__ volatile(".byte 0x0f,0x01,0xee" : "=a"(eax), "=d"(edx) : "c"(0));
  return eax;
}

static inline void wrpkru(uint32_t v) {
  __asm__ volatile(".byte 0x0f,0x01,0xef" : : "a"(v), "c"(0), "d"(0) : "memory");
}

static sigjmp_buf recover;
static volatile sig_atomic_t faults;
static volatile int fault_code, fault_pkey;
static void *volatile fault_addr;
static volatile uint32_t handler_pkru;

static void on_segv(int sig, siginfo_t *si, void *uc) {
  (void)sig;
  (void)uc;
  faults++;
  fault_code = si->si_code;
  fault_pkey = (int)si->si_pkey;
  fault_addr = si->si_addr;
  handler_pkru = rdpkru(); /* the kernel's default, not the faulting one */
  siglongjmp(recover, 1);
}

static int failures;

static void check(int ok, const char *what) {
  if (ok) {
    printf("OK %s\n", what);
  } else {
    printf("FAIL %s\n", what);
    failures++;
  }
  fflush(stdout);
}

/* Performs a read (write == 0) or a write of *p under PKRU value pkru;
 * returns 1 when it faulted. PKRU is restored to `restore` in every case. */
static int access_faults(volatile int *p, int write, uint32_t pkru, uint32_t restore) {
  int before = faults;
  if (sigsetjmp(recover, 1) == 0) {
    wrpkru(pkru);
    if (write)
      *p = 42;
    else
      (void)*p;
    wrpkru(restore);
  } else {
    wrpkru(restore); /* the handler ran with the default PKRU */
  }
  return faults != before;
}

int main(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_segv;
  sa.sa_flags = SA_SIGINFO;
  sigaction(SIGSEGV, &sa, NULL);

  int key = pkey_alloc(0, 0);
  if (key < 0) {
    printf("FAIL pkey_alloc: %s (no PKU on this CPU or kernel)\n", strerror(errno));
    return 1;
  }
  char msg[160];
  snprintf(msg, sizeof msg, "pkey_alloc gives key %d", key);
  check(key > 0, msg);

  long pagesz = sysconf(_SC_PAGESIZE);
  volatile int *page = mmap(NULL, (size_t)pagesz, PROT_READ | PROT_WRITE,
                            MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (page == MAP_FAILED) {
    printf("FAIL mmap: %s\n", strerror(errno));
    return 1;
  }
  *page = 7;
  check(pkey_mprotect((void *)(uintptr_t)page, (size_t)pagesz, PROT_READ | PROT_WRITE, key) == 0,
        "pkey_mprotect gives the page the key");

  uint32_t pkru = rdpkru();
  snprintf(msg, sizeof msg, "the key is open after pkey_alloc (PKRU 0x%08x)", pkru);
  check((pkru & (PKRU_AD(key) | PKRU_WD(key))) == 0, msg);
  check(!access_faults(page, 0, pkru, pkru) && *page == 7, "read with the key open");

  /* Access disabled: a read faults. */
  int f = access_faults(page, 0, pkru | PKRU_AD(key), pkru);
  check(f, "read with access disabled faults");
  if (f) {
    snprintf(msg, sizeof msg, "read fault: si_code %d (SEGV_PKUERR %d), si_pkey %d, si_addr ok %d",
             fault_code, SEGV_PKUERR, fault_pkey, fault_addr == (void *)(uintptr_t)page);
    check(fault_code == SEGV_PKUERR && fault_pkey == key && fault_addr == (void *)(uintptr_t)page, msg);
    /* Informational: it often equals the denying value (the kernel's
     * default denies every key but 0), so it is not checked. */
    printf("INFO the handler ran with PKRU 0x%08x (the kernel's default)\n", handler_pkru);
  }
  check(rdpkru() == pkru && *page == 7, "PKRU restored after the fault");

  /* Write disabled: a read works, a write faults. */
  check(!access_faults(page, 0, pkru | PKRU_WD(key), pkru), "read with only writes disabled");
  f = access_faults(page, 1, pkru | PKRU_WD(key), pkru);
  check(f && *page == 7, "write with writes disabled faults, the page unchanged");
  if (f) {
    snprintf(msg, sizeof msg, "write fault: si_code %d (SEGV_PKUERR %d), si_pkey %d, si_addr ok %d",
             fault_code, SEGV_PKUERR, fault_pkey, fault_addr == (void *)(uintptr_t)page);
    check(fault_code == SEGV_PKUERR && fault_pkey == key && fault_addr == (void *)(uintptr_t)page, msg);
  }
  check(!access_faults(page, 1, pkru, pkru) && *page == 42, "write with the key open");

  /* glibc's pkey_set/pkey_get agree with the raw register. */
  pkey_set(key, PKEY_DISABLE_WRITE);
  check(pkey_get(key) == PKEY_DISABLE_WRITE && (rdpkru() & PKRU_WD(key)), "pkey_set/pkey_get");
  pkey_set(key, 0);

  check(pkey_free(key) == 0, "pkey_free");
  if (failures) {
    printf("%d check(s) failed\n", failures);
    return 1;
  }
  printf("OK all PKU checks passed\n");
  return 0;
}
