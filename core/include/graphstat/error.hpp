#pragma once
/// graphstat's one error type. Everything that is the user's fault (a missing file, a bad shape, a
/// YAML typo, a plugin of another ABI) is reported by throwing graphstat::Error with a message that
/// names the file and the problem; the CLI prints it on one line and exits non-zero.

#include <boost/config.hpp>
#include <stdexcept>
#include <string>

namespace graphstat {

class BOOST_SYMBOL_VISIBLE Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
  /// Out of line, so the vtable lives in the core: an Error thrown by a plugin stays valid after
  /// the plugin's library is unloaded.
  ~Error() override;
};

}  // namespace graphstat
