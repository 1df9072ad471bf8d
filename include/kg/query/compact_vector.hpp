// CompactVector<T>: a std::vector that costs one pointer while it is empty,
// as most of a query Value's lists are (a string or a node needs none of
// them). It offers the part of std::vector's interface the query code uses;
// copies are deep, moves are a pointer swap. Iterators of an empty one are
// value-initialized, so begin() == end() and algorithms see an empty range.
#pragma once

#include <cstddef>
#include <memory>
#include <utility>
#include <vector>

namespace kg::query {

template <class T>
class CompactVector {
  public:
    using value_type = T;
    using iterator = typename std::vector<T>::iterator;
    using const_iterator = typename std::vector<T>::const_iterator;
    using reverse_iterator = typename std::vector<T>::reverse_iterator;
    using const_reverse_iterator = typename std::vector<T>::const_reverse_iterator;

    CompactVector() = default;
    CompactVector(std::vector<T> items) { *this = std::move(items); }  // NOLINT: like a vector
    CompactVector(const CompactVector& other) { copy_from(other); }
    CompactVector(CompactVector&&) noexcept = default;
    CompactVector& operator=(const CompactVector& other) {
        if (this != &other) copy_from(other);
        return *this;
    }
    CompactVector& operator=(CompactVector&&) noexcept = default;
    CompactVector& operator=(std::vector<T> items) {
        if (items.empty())
            items_.reset();
        else
            items_ = std::make_unique<std::vector<T>>(std::move(items));
        return *this;
    }
    ~CompactVector() = default;

    bool empty() const { return !items_ || items_->empty(); }
    std::size_t size() const { return items_ ? items_->size() : 0; }

    iterator begin() { return items_ ? items_->begin() : iterator(); }
    iterator end() { return items_ ? items_->end() : iterator(); }
    const_iterator begin() const { return items_ ? items_->cbegin() : const_iterator(); }
    const_iterator end() const { return items_ ? items_->cend() : const_iterator(); }
    reverse_iterator rbegin() { return reverse_iterator(end()); }
    reverse_iterator rend() { return reverse_iterator(begin()); }
    const_reverse_iterator rbegin() const { return const_reverse_iterator(end()); }
    const_reverse_iterator rend() const { return const_reverse_iterator(begin()); }

    T& operator[](std::size_t i) { return (*items_)[i]; }
    const T& operator[](std::size_t i) const { return (*items_)[i]; }
    T& at(std::size_t i) { return vec().at(i); }
    const T& at(std::size_t i) const { return items().at(i); }
    T& front() { return items_->front(); }
    const T& front() const { return items_->front(); }
    T& back() { return items_->back(); }
    const T& back() const { return items_->back(); }

    void push_back(T item) { vec().push_back(std::move(item)); }
    template <class... Args>
    T& emplace_back(Args&&... args) {
        return vec().emplace_back(std::forward<Args>(args)...);
    }
    void pop_back() { items_->pop_back(); }
    // `pos` may be end() of an empty one (a value-initialized iterator).
    iterator insert(const_iterator pos, T item) {
        if (!items_) return vec().insert(items_->cbegin(), std::move(item));
        return items_->insert(pos, std::move(item));
    }
    template <class It>
    iterator insert(const_iterator pos, It first, It last) {
        if (!items_) return vec().insert(items_->cbegin(), first, last);
        return items_->insert(pos, first, last);
    }
    iterator erase(const_iterator pos) { return items_->erase(pos); }
    iterator erase(const_iterator first, const_iterator last) {
        if (first == last) return begin() + (first - const_iterator(begin()));
        return items_->erase(first, last);
    }
    template <class It>
    void assign(It first, It last) {
        vec().assign(first, last);
    }
    void reserve(std::size_t n) {
        if (n > 0) vec().reserve(n);
    }
    void clear() { items_.reset(); }
    const T* data() const { return items_ ? items_->data() : nullptr; }

    // The items as a std::vector (an empty one while there are none).
    const std::vector<T>& items() const {
        static const std::vector<T> none;
        return items_ ? *items_ : none;
    }

    friend bool operator==(const CompactVector& a, const CompactVector& b) {
        return a.items() == b.items();
    }
    friend bool operator<(const CompactVector& a, const CompactVector& b) {
        return a.items() < b.items();
    }

  private:
    std::vector<T>& vec() {
        if (!items_) items_ = std::make_unique<std::vector<T>>();
        return *items_;
    }
    void copy_from(const CompactVector& other) {
        if (other.empty())
            items_.reset();
        else
            items_ = std::make_unique<std::vector<T>>(*other.items_);
    }

    std::unique_ptr<std::vector<T>> items_;
};

// Like std::erase_if for a vector (found by argument-dependent lookup).
template <class T, class Pred>
std::size_t erase_if(CompactVector<T>& v, Pred pred) {
    std::size_t n = 0;
    for (auto it = v.begin(); it != v.end();) {
        if (pred(*it)) {
            it = v.erase(it);
            ++n;
        } else {
            ++it;
        }
    }
    return n;
}

}  // namespace kg::query
