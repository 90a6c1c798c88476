// Boost.Asio, included through here: Boost 1.74's asio/awaitable.hpp (pulled in under C++20)
// uses std::exchange without including <utility>, so <utility> must come first.
#pragma once

// clang-format off
#include <utility>
#include <boost/asio.hpp>
// clang-format on
