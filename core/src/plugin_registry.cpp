#include "graphstat/plugin_registry.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>

#include "graphstat/error.hpp"
#include "plugin_library.hpp"

namespace graphstat {

namespace fs = std::filesystem;

std::string_view kind_name(PluginKind kind) {
  switch (kind) {
    case PluginKind::frontend:
      return "frontend";
    case PluginKind::cost:
      return "cost model";
    case PluginKind::formatter:
      return "formatter";
  }
  return "?";
}

PluginRegistry::PluginRegistry() = default;

PluginRegistry::~PluginRegistry() = default;

void PluginRegistry::load_directory(const fs::path& dir, bool required) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    if (required) throw Error(fmt::format("plugin directory {}: not a directory", dir.string()));
    return;
  }
  std::vector<fs::path> libraries;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.is_regular_file() && entry.path().extension() == ".so") {
      libraries.push_back(entry.path());
    }
  }
  if (ec) throw Error(fmt::format("plugin directory {}: {}", dir.string(), ec.message()));
  std::sort(libraries.begin(), libraries.end());
  for (const auto& library : libraries) load_library(library);
}

void PluginRegistry::load_path(const fs::path& path) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    load_directory(path, true);
  } else {
    load_library(path);
  }
}

void PluginRegistry::load_library(const fs::path& file) {
  std::error_code ec;
  if (!fs::exists(file, ec)) throw Error(fmt::format("plugin {}: no such file", file.string()));
  const fs::path canonical = fs::weakly_canonical(file, ec);
  if (std::find(loaded_files_.begin(), loaded_files_.end(), canonical) != loaded_files_.end()) {
    return;
  }
  OpenedPlugin opened = open_plugin(file);
  loaded_files_.push_back(canonical);

  PluginDescription description{opened.kind,        opened.name, opened.version,
                                opened.description, file,        {}};
  add(std::move(description), std::move(opened.object));
}

namespace {

template <typename T>
std::shared_ptr<const T> as(const std::shared_ptr<Plugin>& object, const PluginDescription& d) {
  auto typed = std::dynamic_pointer_cast<const T>(std::shared_ptr<const Plugin>(object));
  if (!typed) {
    throw Error(fmt::format("plugin {}: declares itself a {} but its object is not one",
                            d.file.string(), kind_name(d.kind)));
  }
  return typed;
}

// Calls a plugin's describing method; an exception from it names the plugin.
template <typename F>
std::vector<std::string> ask(const PluginDescription& d, F&& f) {
  try {
    return f();
  } catch (const std::exception& e) {
    throw Error(fmt::format("plugin {}: {}", d.file.string(), e.what()));
  } catch (...) {
    throw Error(fmt::format("plugin {}: a non-standard exception", d.file.string()));
  }
}

template <typename T>
std::vector<std::string> names(const std::vector<T>& items) {
  std::vector<std::string> out;
  for (const auto& item : items) out.push_back(item.name);
  return out;
}

// The last loaded plugin that claims an extension (later plugins win, as everywhere else).
template <typename T>
const T* claiming(const std::vector<T>& items, std::string_view extension) {
  for (auto it = items.rbegin(); it != items.rend(); ++it) {
    if (std::find(it->extensions.begin(), it->extensions.end(), extension) !=
        it->extensions.end()) {
      return &*it;
    }
  }
  return nullptr;
}

template <typename T>
void replace_or_append(std::vector<T>& items, T item) {
  auto it = std::find_if(items.begin(), items.end(),
                         [&](const T& existing) { return existing.name == item.name; });
  if (it != items.end()) {
    *it = std::move(item);
  } else {
    items.push_back(std::move(item));
  }
}

}  // namespace

void PluginRegistry::add(PluginDescription d, std::shared_ptr<Plugin> object) {
  switch (d.kind) {
    case PluginKind::frontend: {
      auto frontend = as<Frontend>(object, d);
      d.claims = ask(d, [&] { return frontend->extensions(); });
      replace_or_append(frontends_, Named<Frontend>{d.name, d.claims, std::move(frontend)});
      break;
    }
    case PluginKind::formatter: {
      auto formatter = as<Formatter>(object, d);
      d.claims = ask(d, [&] { return formatter->extensions(); });
      replace_or_append(formatters_, Named<Formatter>{d.name, d.claims, std::move(formatter)});
      break;
    }
    case PluginKind::cost: {
      auto model = as<CostModel>(object, d);
      d.claims = ask(d, [&] { return model->ops(); });
      for (const auto& op : d.claims) costs_.insert_or_assign(op, CostEntry{d.name, model});
      break;
    }
  }
  // A plugin replacing another of the same kind and name replaces its description too.
  auto same = std::find_if(descriptions_.begin(), descriptions_.end(), [&](const auto& existing) {
    return existing.kind == d.kind && existing.name == d.name;
  });
  if (same != descriptions_.end()) {
    *same = std::move(d);
  } else {
    descriptions_.push_back(std::move(d));
  }
}

std::shared_ptr<const Frontend> PluginRegistry::frontend(std::string_view name) const {
  for (const auto& f : frontends_) {
    if (f.name == name) return f.object;
  }
  return nullptr;
}

std::pair<std::string, std::shared_ptr<const Frontend>> PluginRegistry::frontend_for_file(
    const fs::path& file) const {
  const std::string extension = file.extension().string();
  // Later plugins win, as everywhere else: search from the back.
  if (auto found = claiming(frontends_, extension)) return {found->name, found->object};
  std::ifstream in(file, std::ios::binary);
  if (!in) throw Error(fmt::format("{}: cannot open file", file.string()));
  std::string head(4096, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<std::size_t>(in.gcount()));
  for (auto it = frontends_.rbegin(); it != frontends_.rend(); ++it) {
    if (it->object->sniff(head)) return {it->name, it->object};
  }
  throw Error(fmt::format("{}: no frontend reads this kind of file (loaded frontends: {})",
                          file.string(), fmt::join(names(frontends_), ", ")));
}

std::shared_ptr<const Formatter> PluginRegistry::formatter(std::string_view name) const {
  for (const auto& f : formatters_) {
    if (f.name == name) return f.object;
  }
  return nullptr;
}

std::pair<std::string, std::shared_ptr<const Formatter>> PluginRegistry::formatter_for_extension(
    std::string_view extension) const {
  if (auto found = claiming(formatters_, extension)) return {found->name, found->object};
  return {"", nullptr};
}

std::vector<std::string> PluginRegistry::formatter_names() const { return names(formatters_); }

const PluginRegistry::CostEntry* PluginRegistry::cost_model_for(std::string_view op) const {
  auto it = costs_.find(op);
  return it == costs_.end() ? nullptr : &it->second;
}

}  // namespace graphstat
