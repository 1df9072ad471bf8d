// The tokenizer's core as a stream of byte spans, so that the sentence
// splitter can build sentences while tokenizing instead of materializing every
// token of a large text twice. Token forms are always text[begin, end).
#pragma once

#include <cstddef>
#include <string_view>

namespace kg::tok {

class TokenSink {
  public:
    virtual void token(std::size_t begin, std::size_t end) = 0;

  protected:
    ~TokenSink() = default;
};

// Calls sink.token() for every token of `text`, in order.
void tokenize_spans(std::string_view text, TokenSink& sink);

}  // namespace kg::tok
