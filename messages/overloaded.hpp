#pragma once
// The usual visitor of lambdas for std::visit: overloaded{[](A){}, [](B){}}.

namespace strom {

template <class... Fs>
struct overloaded : Fs... {
  using Fs::operator()...;
};
template <class... Fs>
overloaded(Fs...) -> overloaded<Fs...>;

} // namespace strom
