// SPDX-License-Identifier: Apache-2.0
// A C++ caller of a C library, through gates.
#include <flexos.h>
#include "../kv/kv.h"

extern "C" void app_print(const char *what, int value);

namespace app {

class Cache {
public:
	explicit Cache(int base) : base_(base), initial_(kv_count()) {}

	int fill(int n) const
	{
		int added = 0;

		for (int i = 0; i < n; i++)
			added += kv_set(base_ + i, (base_ + i) * 3);
		return added;
	}

	int initial() const { return initial_; }

private:
	int base_;
	int initial_;
};

template <typename T> T lookup(int key, T fallback)
{
	return static_cast<T>(kv_get(key, static_cast<int>(fallback)));
}

} // namespace app

int main()
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

	auto count = [](void) -> int { return kv_count(); };
	auto last = kv_at(count() - 1);
	app_print("last.key", last.key);
	app_print("last.value", last.value);
	kv_clear();
	app_print("cleared", count());
	return sum == 62 ? 0 : 1;
}
