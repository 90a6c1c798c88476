// A driver for the fuzz targets when they are not built with libFuzzer (GCC, the asan preset,
// CI's quick form): runs every seed file given (files or directories), then a fixed number of
// deterministic mutations of them (bit flips, truncations, splices, random bytes), each
// through LLVMFuzzerTestOneInput. Under ASan/UBSan any memory or UB error aborts the run.
//   fuzz_x [--iterations N] CORPUS...
// With clang, CROWDLEDGER_LIBFUZZER=ON links libFuzzer's own main instead (the long form).
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

void Run(const std::string& input) {
  // A copy of exactly the input's size, so that ASan sees any read past its end.
  std::vector<uint8_t> copy(input.begin(), input.end());
  LLVMFuzzerTestOneInput(copy.data(), copy.size());
}

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(file), {});
}

std::string Mutate(const std::vector<std::string>& seeds, std::mt19937_64& random) {
  std::string input = seeds.empty() ? std::string() : seeds[random() % seeds.size()];
  int steps = 1 + static_cast<int>(random() % 8);
  for (int i = 0; i < steps; ++i) {
    switch (random() % 6) {
      case 0:  // flip a bit
        if (!input.empty())
          input[random() % input.size()] ^= static_cast<char>(1 << (random() % 8));
        break;
      case 1:  // overwrite a byte
        if (!input.empty()) input[random() % input.size()] = static_cast<char>(random());
        break;
      case 2:  // truncate
        if (!input.empty()) input.resize(random() % input.size());
        break;
      case 3:  // insert random bytes
        input.insert(input.empty() ? 0 : random() % input.size(),
                     std::string(1 + random() % 8, static_cast<char>(random())));
        break;
      case 4:  // splice with another seed
        if (!seeds.empty()) {
          const std::string& other = seeds[random() % seeds.size()];
          if (!other.empty()) input += other.substr(random() % other.size());
        }
        break;
      default: {  // an interesting integer at a random aligned offset
        static constexpr uint32_t kValues[] = {0, 1, 0x7fffffff, 0x80000000, 0xffffffff, 4, 8};
        if (input.size() >= 4) {
          uint32_t value = kValues[random() % std::size(kValues)];
          size_t offset = (random() % (input.size() - 3)) & ~size_t{3};
          std::memcpy(input.data() + offset, &value, 4);
        }
      }
    }
  }
  return input;
}

}  // namespace

int main(int argc, char** argv) {
  long iterations = 20'000;
  std::vector<std::string> seeds;
  for (int i = 1; i < argc; ++i) {
    std::string argument = argv[i];
    if (argument == "--iterations" && i + 1 < argc) {
      iterations = std::strtol(argv[++i], nullptr, 10);
      continue;
    }
    std::filesystem::path path(argument);
    if (std::filesystem::is_directory(path)) {
      for (const auto& file : std::filesystem::directory_iterator(path)) {
        if (file.is_regular_file()) seeds.push_back(ReadFile(file.path()));
      }
    } else {
      seeds.push_back(ReadFile(path));
    }
  }
  for (const std::string& seed : seeds) Run(seed);
  std::mt19937_64 random(20261125);
  for (long i = 0; i < iterations; ++i) Run(Mutate(seeds, random));
  std::printf("%zu seeds and %ld mutations ran\n", seeds.size(), iterations);
  return 0;
}
