#pragma once
// The process's metrics: families by name, series by label set. A series is
// made once, under the lock, and its reference kept by whoever counts into
// it; the hot path never looks anything up. What is cheaper to read than to
// count (the process's CPU, the map's size, the replicas' roles) comes from
// collectors called at scrape time.
//
// Label values come from a bounded set (topics, partitions, doors, groups),
// never from records or client ids; still, a family takes at most
// series_per_family_max label sets, and any more count into one series
// whose every label is "_other", so a flood of topics cannot grow a scrape
// without bound.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "messages/metrics/counter.hpp"
#include "messages/metrics/histogram.hpp"

namespace strom::metrics {

inline constexpr size_t series_per_family_max = 4096;

using label_set = std::vector<std::pair<std::string, std::string>>;

enum class kind : uint8_t { counter, gauge, histogram };
const char* to_string(kind k);

// One series as a scrape shows it.
struct series_value {
  label_set labels;
  double value = 0;            // counter, gauge
  histogram_snapshot buckets;  // histogram
};

struct family_value {
  std::string name;
  std::string help;
  kind type = kind::counter;
  std::vector<series_value> series;
};

// Appends the families it reads now; called on the scraping thread.
using collector = std::function<void(std::vector<family_value>& out)>;

class registry {
public:
  counter& get_counter(const std::string& name, const std::string& help,
                       const label_set& labels = {});
  gauge& get_gauge(const std::string& name, const std::string& help,
                   const label_set& labels = {});
  histogram& get_histogram(const std::string& name, const std::string& help,
                           const label_set& labels = {});

  uint64_t add_collector(collector c);
  void remove_collector(uint64_t id);

  // Every family, by name, its series by labels; collectors' families
  // merged into the registered ones of the same name.
  std::vector<family_value> collect() const;

private:
  struct series {
    std::unique_ptr<counter> c;
    std::unique_ptr<gauge> g;
    std::unique_ptr<histogram> h;
  };
  struct family {
    std::string help;
    kind type = kind::counter;
    std::map<label_set, series> members;
  };
  series& find_or_make(const std::string& name, const std::string& help, kind type,
                       const label_set& labels);
  static series_value value_of(const label_set& labels, const series& s, kind type);

  mutable std::mutex mutex_;
  std::map<std::string, family> families_;
  std::map<uint64_t, collector> collectors_;
  uint64_t next_collector_ = 1;
};

// The process's registry (a node is a process).
registry& global();

// False under STROM_METRICS=off (read once): instrumented code skips its
// counting, so a benchmark can measure what counting costs.
bool enabled();

} // namespace strom::metrics
