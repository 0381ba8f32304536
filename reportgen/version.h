/* version.h - the program's version, shown by --version. */
#ifndef RG_VERSION_H
#define RG_VERSION_H
#define REPORTGEN_VERSION "0.1.0"
#endif
