// SPDX-License-Identifier: Apache-2.0
// The report library, in C++: formats the summary with iostreams.
#include <iostream>
#include <string>
#include "report.h"

void report_summary(int keys, int sum)
{
	std::string line = std::to_string(keys) + " keys, sum " + std::to_string(sum);
	std::cout << line << std::endl;
}
