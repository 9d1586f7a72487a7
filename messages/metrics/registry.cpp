#include "messages/metrics/registry.hpp"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

#include "messages/metrics/process_metrics.hpp"

namespace strom::metrics {

const char* to_string(kind k) {
  switch (k) {
    case kind::counter:
      return "counter";
    case kind::gauge:
      return "gauge";
    case kind::histogram:
      return "histogram";
  }
  return "untyped";
}

namespace {

label_set overflow_labels(const label_set& labels) {
  label_set out = labels;
  for (auto& [key, value] : out)
    value = "_other";
  return out;
}

} // namespace

registry::series& registry::find_or_make(const std::string& name, const std::string& help,
                                         kind type, const label_set& labels) {
  std::lock_guard<std::mutex> lock{mutex_};
  auto [it, made] = families_.try_emplace(name);
  auto& fam = it->second;
  if (made) {
    fam.help = help;
    fam.type = type;
  } else if (fam.type != type) {
    // Two places counting one name as different kinds is a bug in strom.
    throw std::logic_error("metric " + name + " registered as " + to_string(fam.type) +
                           " and as " + to_string(type));
  }
  auto found = fam.members.find(labels);
  if (found != fam.members.end())
    return found->second;
  const auto& key = fam.members.size() < series_per_family_max ? labels
                                                               : overflow_labels(labels);
  auto& s = fam.members[key];
  if (!s.c && !s.g && !s.h) {
    if (type == kind::counter)
      s.c = std::make_unique<counter>();
    else if (type == kind::gauge)
      s.g = std::make_unique<gauge>();
    else
      s.h = std::make_unique<histogram>();
  }
  return s;
}

counter& registry::get_counter(const std::string& name, const std::string& help,
                               const label_set& labels) {
  return *find_or_make(name, help, kind::counter, labels).c;
}

gauge& registry::get_gauge(const std::string& name, const std::string& help,
                           const label_set& labels) {
  return *find_or_make(name, help, kind::gauge, labels).g;
}

histogram& registry::get_histogram(const std::string& name, const std::string& help,
                                   const label_set& labels) {
  return *find_or_make(name, help, kind::histogram, labels).h;
}

uint64_t registry::add_collector(collector c) {
  std::lock_guard<std::mutex> lock{mutex_};
  auto id = next_collector_++;
  collectors_.emplace(id, std::move(c));
  return id;
}

void registry::remove_collector(uint64_t id) {
  std::lock_guard<std::mutex> lock{mutex_};
  collectors_.erase(id);
}

series_value registry::value_of(const label_set& labels, const series& s, kind type) {
  series_value out;
  out.labels = labels;
  if (type == kind::counter)
    out.value = static_cast<double>(s.c->value());
  else if (type == kind::gauge)
    out.value = static_cast<double>(s.g->value());
  else
    out.buckets = s.h->snapshot();
  return out;
}

std::vector<family_value> registry::collect() const {
  std::map<std::string, family_value> merged;
  std::vector<family_value> collected;
  {
    std::lock_guard<std::mutex> lock{mutex_};
    for (const auto& [name, fam] : families_) {
      auto& out = merged[name];
      out.name = name;
      out.help = fam.help;
      out.type = fam.type;
      for (const auto& [labels, s] : fam.members)
        out.series.push_back(value_of(labels, s, fam.type));
    }
    for (const auto& [id, c] : collectors_)
      c(collected);
  }
  for (auto& fam : collected) {
    auto [it, made] = merged.try_emplace(fam.name, fam);
    if (!made)
      for (auto& s : fam.series)
        it->second.series.push_back(std::move(s));
  }
  std::vector<family_value> out;
  for (auto& [name, fam] : merged) {
    std::sort(fam.series.begin(), fam.series.end(),
              [](const auto& a, const auto& b) { return a.labels < b.labels; });
    out.push_back(std::move(fam));
  }
  return out;
}

registry& global() {
  static registry& instance = [] () -> registry& {
    static registry r;
    r.add_collector(collect_process);
    return r;
  }();
  return instance;
}

bool enabled() {
  static const bool on = [] {
    const char* env = std::getenv("STROM_METRICS");
    return env == nullptr || std::strcmp(env, "off") != 0;
  }();
  return on;
}

} // namespace strom::metrics
