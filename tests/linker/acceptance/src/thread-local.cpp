// C++ thread_local objects with destructors (g++ registers them through __cxa_thread_atexit, which
// libstdc++ passes to libc's __cxa_thread_atexit_impl): constructed on first use in each thread,
// destroyed in reverse order when the thread ends, the main thread's at exit before static objects.
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

struct Tracer {
  std::string name;
  explicit Tracer(std::string n) : name(std::move(n)) { std::printf("construct %s\n", name.c_str()); }
  ~Tracer() { std::printf("destroy %s\n", name.c_str()); std::fflush(stdout); }
};

static Tracer global_object("static object");
thread_local Tracer first("thread_local first");
thread_local std::vector<int> numbers;

static void use(int id) {
  thread_local Tracer second("thread_local second (function scope)");
  first.name += "+" + std::to_string(id);
  second.name += "+" + std::to_string(id);
  numbers.push_back(id);
  std::printf("thread %d: numbers %zu\n", id, numbers.size());
}

int main() {
  for (int id = 1; id <= 3; id++) {
    std::thread worker(use, id);
    worker.join();
  }
  use(0);
  std::printf("main returns\n");
  return 0;
}
