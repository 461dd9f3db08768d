// Stream orientation as glibc 2.36 keeps it: the first narrow output (printf, fputs, fwrite, puts)
// makes a stream byte-oriented; on a wide-oriented stream those calls write nothing and fail
// (fputs/puts EOF, fwrite 0, fprintf -1), while fputc still writes (its __overflow orients only an
// unoriented stream); narrow reads of a wide stream find EOF (__underflow), wide reads see the bytes.
#include <stdio.h>
#include <wchar.h>

static void narrow_calls_on(FILE *f, const char *what) {
  int fputs_result = fputs("fputs\n", f);
  size_t fwrite_result = fwrite("fwrite\n", 1, 7, f);
  int fprintf_result = fprintf(f, "fprintf %d\n", 1);
  int fputc_result = fputc('c', f);
  printf("%s: fputs %d fwrite %zu fprintf %d fputc %d, fwide now %d\n", what, fputs_result, fwrite_result,
         fprintf_result, fputc_result, fwide(f, 0));
}

int main(void) {
  printf("stdout before any output: ");
  printf("fwide %d\n", fwide(stdout, 0));

  FILE *fresh = tmpfile();
  printf("fresh stream: fwide %d\n", fwide(fresh, 0));
  fwrite("x", 1, 1, fresh);
  printf("after fwrite: fwide %d\n", fwide(fresh, 0));
  fclose(fresh);

  FILE *byputc = tmpfile();
  fputc('z', byputc);
  printf("after fputc: fwide %d\n", fwide(byputc, 0));
  fclose(byputc);

  FILE *bygetc = tmpfile();
  int first = getc(bygetc);
  printf("getc of an empty file %d, then fwide %d\n", first, fwide(bygetc, 0));
  fclose(bygetc);

  FILE *byputs = tmpfile();
  fputs("y", byputs);
  printf("after fputs: fwide %d\n", fwide(byputs, 0));
  narrow_calls_on(byputs, "byte stream");
  fclose(byputs);

  FILE *wide = tmpfile();
  printf("fwide(wide, 1) = %d\n", fwide(wide, 1));
  narrow_calls_on(wide, "wide stream");
  rewind(wide);
  char buffer[64] = {0};
  size_t n = fread(buffer, 1, sizeof buffer - 1, wide);
  printf("wide stream gives fread %zu bytes\n", n);
  rewind(wide);
  int narrow = getc(wide);
  printf("getc %d, fgetwc %d\n", narrow, (int)fgetwc(wide));
  fclose(wide);
  return 0;
}
