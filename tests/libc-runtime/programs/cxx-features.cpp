// A C++ program on Miros libc: libstdc++ and libgcc_s are loaded as guest code and bind to Miros
// libc (locale, wide characters, strto*_l, _dl_find_object for the unwinder). Covers iostreams
// (formatting, stringstream parsing), std::string, containers, algorithms, virtual calls, and an
// exception unwinding through several frames with destructors running on the way.
#include <algorithm>
#include <iomanip>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

struct Shape {
  virtual ~Shape() = default;
  virtual double area() const = 0;
  virtual std::string name() const = 0;
};
struct Square : Shape {
  double side;
  explicit Square(double s) : side(s) {}
  double area() const override { return side * side; }
  std::string name() const override { return "square"; }
};
struct Circle : Shape {
  double radius;
  explicit Circle(double r) : radius(r) {}
  double area() const override { return 3.14159265358979 * radius * radius; }
  std::string name() const override { return "circle"; }
};

static int destroyed = 0;
struct Guard {
  std::string label;
  explicit Guard(std::string l) : label(std::move(l)) {}
  ~Guard() {
    destroyed++;
    std::cout << "  ~Guard(" << label << ")\n";
  }
};

static int depth(int n) {
  Guard g("frame " + std::to_string(n));
  if (n == 0) throw std::out_of_range("bottom reached");
  return depth(n - 1) + 1;
}

int main() {
  std::vector<std::unique_ptr<Shape>> shapes;
  shapes.push_back(std::make_unique<Square>(2.5));
  shapes.push_back(std::make_unique<Circle>(1.0));
  shapes.push_back(std::make_unique<Square>(0.5));
  std::sort(shapes.begin(), shapes.end(), [](const auto &a, const auto &b) { return a->area() < b->area(); });
  for (const auto &s : shapes) std::cout << std::setw(8) << s->name() << " " << std::fixed << std::setprecision(3) << s->area() << "\n";

  std::map<std::string, int> counts;
  std::unordered_map<int, std::string> names{{1, "one"}, {2, "two"}, {3, "three"}};
  std::istringstream words("the quick brown fox jumps over the lazy dog the end");
  for (std::string w; words >> w;) counts[w]++;
  for (const auto &[word, n] : counts) std::cout << word << "=" << n << " ";
  std::cout << "\nnames[2]=" << names[2] << " size=" << names.size() << "\n";

  std::ostringstream out;
  out << std::hex << std::showbase << 255 << " " << std::dec << std::scientific << 12345.678 << " " << std::boolalpha << true;
  std::cout << out.str() << "\n";
  std::istringstream numbers("42 3.5 -7 1e3");
  int i1, i2;
  double d1, d2;
  numbers >> i1 >> d1 >> i2 >> d2;
  std::cout << std::defaultfloat << i1 + i2 << " " << d1 * d2 << "\n";

  std::string text = "Hello, Miros";
  text += "!";
  std::reverse(text.begin(), text.end());
  std::cout << text << " " << text.find("soriM") << " " << text.substr(1, 5) << "\n";

  try {
    depth(4);
  } catch (const std::exception &e) {
    std::cout << "caught " << e.what() << " after " << destroyed << " destructors\n";
  }
  try {
    std::vector<int> v(3);
    (void)v.at(10);
  } catch (const std::out_of_range &) {
    std::cout << "vector::at threw out_of_range\n";
  }
  std::cerr << "to stderr\n";
  return static_cast<int>(counts["the"]) + 4;
}
