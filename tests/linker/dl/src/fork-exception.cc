// C++ exceptions in forked processes: the unwinder (libgcc_s, loaded from the system) finds each
// frame's object through _dl_find_object / dl_iterate_phdr, which in a child must answer from the
// child's own copy of the link map — in the child, in a thread it starts, and in a grandchild.
#include <cstdio>
#include <stdexcept>
#include <string>
#include <thread>
#include <sys/wait.h>
#include <unistd.h>

static int depth_reached;

[[gnu::noinline]] static void dive(int depth, const std::string &who) {
  depth_reached = depth;
  if (depth == 0) throw std::runtime_error("thrown by " + who);
  dive(depth - 1, who);
  std::printf("never printed %d\n", depth);
}

static void catch_one(const std::string &who) {
  try {
    dive(5, who);
  } catch (const std::exception &error) {
    std::printf("%s caught \"%s\" at depth %d\n", who.c_str(), error.what(), depth_reached);
  }
}

static int wait_for(pid_t child) {
  int status = 0;
  waitpid(child, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int main() {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  catch_one("the parent");
  pid_t child = fork();
  if (child == 0) {
    catch_one("the child");
    std::thread thread([] { catch_one("a thread of the child"); });
    thread.join();
    pid_t grandchild = fork();
    if (grandchild == 0) {
      catch_one("the grandchild");
      _exit(3);
    }
    std::printf("the grandchild exited %d\n", wait_for(grandchild));
    // Uncaught in the child: std::terminate, then abort (SIGABRT) as natively.
    std::fflush(stdout);
    throw std::logic_error("uncaught in the child");
  }
  std::printf("the child ended with %d\n", wait_for(child));
  catch_one("the parent again");
  return 0;
}
