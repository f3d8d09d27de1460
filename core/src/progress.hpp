#pragma once
// One line on standard error while something slow runs ("graphstat: reading model.pt with the
// torchscript frontend..."), only when standard error is a terminal, and only once the work has
// taken more than a moment: a fast run prints nothing, a pipe or a log file never gets it. The
// line is erased when the work ends.

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

namespace graphstat {

class Progress {
 public:
  /// How long work runs before the line appears.
  static constexpr std::chrono::milliseconds kDelay{300};

  explicit Progress(std::string message);
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

 private:
  std::string message_;
  std::mutex mutex_;
  std::condition_variable done_changed_;
  bool done_ = false;
  bool shown_ = false;
  std::thread waiter_;
};

}  // namespace graphstat
