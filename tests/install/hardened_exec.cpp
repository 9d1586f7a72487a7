// Runs a command under the restrictions of deploy/systemd/strom@.service
// that a process may set on itself and that outlive execve:
// NoNewPrivileges= (PR_SET_NO_NEW_PRIVS) and MemoryDenyWriteExecute=
// (PR_SET_MDWE, Linux 6.3 on, what systemd itself uses where the kernel has
// it). Usage: hardened_exec COMMAND [ARG...]; 125 when the kernel refuses.
#include <sys/prctl.h>
#include <unistd.h>

#include <cstdio>

#ifndef PR_SET_MDWE
#define PR_SET_MDWE 65
#define PR_MDWE_REFUSE_EXEC_GAIN 1
#endif

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: hardened_exec COMMAND [ARG...]\n");
    return 64;
  }
  if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 ||
      prctl(PR_SET_MDWE, PR_MDWE_REFUSE_EXEC_GAIN, 0, 0, 0) != 0) {
    std::perror("hardened_exec: prctl");
    return 125;
  }
  execv(argv[1], argv + 1);
  std::perror("hardened_exec: execv");
  return 127;
}
