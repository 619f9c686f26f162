//===- Npy.cpp - NumPy .npy files whose length is known at the end ---------===//
#include "Npy.h"

#include "Format.h"

#include <fstream>
#include <iterator>

namespace nmc::rt {

namespace {
// Room for any row count (up to 19 digits).
constexpr int RowDigits = 19;

std::string dict(const std::string &Descr, int64_t Rows, int64_t Cols) {
  std::string Shape = format("%*lld,", RowDigits, (long long)Rows);
  if (Cols >= 0)
    Shape += format(" %lld", (long long)Cols);
  return "{'descr': " + Descr + ", 'fortran_order': False, 'shape': (" + Shape + "), }";
}
} // namespace

std::string npyHeader(const std::string &Descr, int64_t Rows, int64_t Cols) {
  std::string D = dict(Descr, Rows, Cols);
  size_t Total = (10 + D.size() + 1 + 63) / 64 * 64;
  D.append(Total - 10 - D.size() - 1, ' ');
  D += '\n';
  std::string H = "\x93NUMPY";
  H += char(1);
  H += char(0);
  size_t Len = D.size();
  if (Len > 65535)
    Len = 65535; // a dtype this long is not ours to write; numpy rejects it
  H += char(Len & 0xff);
  H += char(Len >> 8);
  return H + D;
}

bool npyJoin(const std::filesystem::path &Out, const std::vector<const std::string *> &In,
             std::string &Err) {
  std::string Descr, Data;
  int64_t Rows = 0, Cols = -1;
  for (const std::string *Part : In) {
    const std::string &Bytes = *Part;
    if (Bytes.size() < 10 || Bytes.compare(0, 6, "\x93NUMPY") != 0) {
      Err = format("cannot join '%s': a point's part is not an .npy image", Out.c_str());
      return false;
    }
    size_t Len = size_t(uint8_t(Bytes[8])) | size_t(uint8_t(Bytes[9])) << 8;
    std::string Head = Bytes.substr(10, Len);
    size_t DB = Head.find("'descr': ") + 9, DE = Head.find(", 'fortran_order'");
    size_t SB = Head.find("'shape': (") + 10;
    Descr = Head.substr(DB, DE - DB);
    Rows += std::stoll(Head.substr(SB));
    size_t Comma = Head.find(',', SB);
    if (Head[Comma + 1] == ' ' && std::isdigit(uint8_t(Head[Comma + 2])))
      Cols = std::stoll(Head.substr(Comma + 2));
    Data.append(Bytes, 10 + Len, std::string::npos);
  }
  std::ofstream O(Out, std::ios::binary);
  O << npyHeader(Descr, Rows, Cols) << Data;
  O.close();
  if (!O) {
    Err = format("cannot write '%s'", Out.c_str());
    return false;
  }
  return true;
}

} // namespace nmc::rt
