// Floating-point loops: an n-body simulation (SSE2 doubles, sqrt, divisions), a Mandelbrot set
// (multiply-add chains, compare-and-branch) and a dot product/matrix multiply. Prints results to
// 9 digits so runs can be compared. Argument: scale (default 1).
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

struct body {
  double x, y, z, vx, vy, vz, mass;
};

static double energy(struct body *b, int n) {
  double e = 0;
  for (int i = 0; i < n; i++) {
    e += 0.5 * b[i].mass * (b[i].vx * b[i].vx + b[i].vy * b[i].vy + b[i].vz * b[i].vz);
    for (int j = i + 1; j < n; j++) {
      double dx = b[i].x - b[j].x, dy = b[i].y - b[j].y, dz = b[i].z - b[j].z;
      e -= b[i].mass * b[j].mass / sqrt(dx * dx + dy * dy + dz * dz);
    }
  }
  return e;
}

static void advance(struct body *b, int n, double dt) {
  for (int i = 0; i < n; i++)
    for (int j = i + 1; j < n; j++) {
      double dx = b[i].x - b[j].x, dy = b[i].y - b[j].y, dz = b[i].z - b[j].z;
      double d2 = dx * dx + dy * dy + dz * dz;
      double mag = dt / (d2 * sqrt(d2));
      b[i].vx -= dx * b[j].mass * mag;
      b[i].vy -= dy * b[j].mass * mag;
      b[i].vz -= dz * b[j].mass * mag;
      b[j].vx += dx * b[i].mass * mag;
      b[j].vy += dy * b[i].mass * mag;
      b[j].vz += dz * b[i].mass * mag;
    }
  for (int i = 0; i < n; i++) {
    b[i].x += dt * b[i].vx;
    b[i].y += dt * b[i].vy;
    b[i].z += dt * b[i].vz;
  }
}

int main(int argc, char **argv) {
  int scale = argc > 1 ? atoi(argv[1]) : 1;
  struct body bodies[5] = {
      {0, 0, 0, 0, 0, 0, 39.47841760435743},
      {4.84143144246472090, -1.16032004402742839, -0.103622044471123109, 0.606326392995832, 2.81198684491626,
       -0.02521836165988763, 0.03769367487038949},
      {8.34336671824457987, 4.12479856412430479, -0.403523417114321381, -1.01077434617730, 1.82566237123041,
       0.00841576137658415, 0.011286326131968767},
      {12.894369562139131, -15.111151401698631, -0.22330757889265573, 1.08279100644154, 0.868713018169608,
       -0.01010836153620, 0.0017237240570597112},
      {15.379697114850917, -25.919314609987964, 0.17925877295037118, 0.979090732243898, 0.594698998647676,
       -0.034760738221, 0.0020336868699246304},
  };
  double before = energy(bodies, 5);
  for (int step = 0; step < 100000 * scale; step++) advance(bodies, 5, 0.01);
  double after = energy(bodies, 5);

  long inside = 0;
  for (int py = 0; py < 120 * scale; py++)
    for (int px = 0; px < 160; px++) {
      double cr = -2.0 + px * (3.0 / 160), ci = -1.2 + py * (2.4 / (120 * scale));
      double zr = 0, zi = 0;
      int k = 0;
      while (k < 100 && zr * zr + zi * zi < 4.0) {
        double t = zr * zr - zi * zi + cr;
        zi = 2 * zr * zi + ci;
        zr = t;
        k++;
      }
      inside += k == 100;
    }

  enum { N = 64 };
  static double a[N][N], b[N][N], c[N][N];
  for (int i = 0; i < N; i++)
    for (int j = 0; j < N; j++) {
      a[i][j] = (double)(i + 2 * j) / N;
      b[i][j] = (double)(i * j % 7) - 3.0;
    }
  for (int rep = 0; rep < 4 * scale; rep++)
    for (int i = 0; i < N; i++)
      for (int j = 0; j < N; j++) {
        double s = 0;
        for (int k = 0; k < N; k++) s += a[i][k] * b[k][j];
        c[i][j] = s + c[i][j] * 0.5;
      }
  double trace = 0;
  for (int i = 0; i < N; i++) trace += c[i][i];
  printf("fp energy %.9f -> %.9f mandelbrot %ld trace %.9g\n", before, after, inside, trace);
  return 0;
}
