// SPDX-License-Identifier: Apache-2.0
// A C++ caller of a C library, through gates.
#include <flexos.h>
#include "../kv/kv.h"

extern "C" void app_print(const char *what, int value);

extern "C" __typeof__(kv_count) __flexcc_gate__main__kvc__kv_count; extern "C" __typeof__(kv_set) __flexcc_gate__main__kvc__kv_set; extern "C" __typeof__(kv_get) __flexcc_gate__main__kvc__kv_get; namespace app {

class Cache {
public:
	explicit Cache(int base) : base_(base), initial_(__flexcc_gate__main__kvc__kv_count()) {}

	int fill(int n) const
	{
		int added = 0;

		for (int i = 0; i < n; i++)
			added += __flexcc_gate__main__kvc__kv_set(base_ + i, (base_ + i) * 3);
		return added;
	}

	int initial() const { return initial_; }

private:
	int base_;
	int initial_;
};

template <typename T> T lookup(int key, T fallback)
{
	return static_cast<T>(__flexcc_gate__main__kvc__kv_get(key, static_cast<int>(fallback)));
}

} // namespace app

extern "C" __typeof__(kv_clear) __flexcc_gate__main__kvc__kv_clear; extern "C" __typeof__(kv_at) __flexcc_gate__main__kvc__kv_at; int main()
{
	app::Cache cache(10);
	int keys[] = { 10, 11, 99 };
	int sum = 0;

	app_print("initial", cache.initial());
	app_print("added", cache.fill(4));
	for (int k : keys)
		sum += app::lookup<int>(k, -1);
	app_print("sum", sum);
	app_print("as-long", static_cast<int>(app::lookup<long>(12, 0L)));

	auto count = [](void) -> int { return __flexcc_gate__main__kvc__kv_count(); };
	auto last = __flexcc_gate__main__kvc__kv_at(count() - 1);
	app_print("last.key", last.key);
	app_print("last.value", last.value);
	__flexcc_gate__main__kvc__kv_clear();
	app_print("cleared", count());
	return sum == 62 ? 0 : 1;
}
