#include "progress.hpp"

#include <unistd.h>

#include <cstdio>

namespace graphstat {

Progress::Progress(std::string message) : message_(std::move(message)) {
  if (::isatty(STDERR_FILENO) != 1) return;
  waiter_ = std::thread([this] {
    std::unique_lock lock(mutex_);
    if (done_changed_.wait_for(lock, kDelay, [this] { return done_; })) return;
    // stdio, not std::cerr: the main thread never writes to standard error while this runs.
    std::fprintf(stderr, "graphstat: %s...", message_.c_str());
    std::fflush(stderr);
    shown_ = true;
  });
}

Progress::~Progress() {
  if (!waiter_.joinable()) return;
  {
    std::lock_guard lock(mutex_);
    done_ = true;
  }
  done_changed_.notify_one();
  waiter_.join();
  if (shown_) {
    std::fputs("\r\x1b[K", stderr);  // Back to the line's start, and clear it.
    std::fflush(stderr);
  }
}

}  // namespace graphstat
