#define BOOST_TEST_MODULE units
#include <boost/test/unit_test.hpp>
#include <cstdint>
#include <limits>

// clang-format off: it takes units.hpp for this file's main header and hoists it above Boost.Test.
#include "graphstat/units.hpp"
// clang-format on

using graphstat::format_bytes;
using graphstat::format_count;
using graphstat::format_grouped;

constexpr std::uint64_t kMax = std::numeric_limits<std::uint64_t>::max();

BOOST_AUTO_TEST_CASE(count_below_1000_is_exact) {
  BOOST_TEST(format_count(0) == "0");
  BOOST_TEST(format_count(128) == "128");
  BOOST_TEST(format_count(999) == "999");
}

BOOST_AUTO_TEST_CASE(count_uses_three_decimals_and_si_suffix) {
  BOOST_TEST(format_count(1000) == "1.000K");
  BOOST_TEST(format_count(9408) == "9.408K");
  BOOST_TEST(format_count(513000) == "513.000K");
  BOOST_TEST(format_count(999999) == "999.999K");
  BOOST_TEST(format_count(11689512) == "11.690M");
  BOOST_TEST(format_count(1814073344) == "1.814G");
  BOOST_TEST(format_count(3643652072) == "3.644G");
  BOOST_TEST(format_count(3500000000000) == "3.500T");
  BOOST_TEST(format_count(2000000000000000) == "2.000P");
}

BOOST_AUTO_TEST_CASE(count_rounds_half_up) {
  BOOST_TEST(format_count(1000499) == "1.000M");
  BOOST_TEST(format_count(1000500) == "1.001M");
}

BOOST_AUTO_TEST_CASE(count_carries_into_next_suffix) {
  // 999.9995M would print as 1000.000M: it must carry to 1.000G.
  BOOST_TEST(format_count(999999499) == "999.999M");
  BOOST_TEST(format_count(999999500) == "1.000G");
  BOOST_TEST(format_count(999999999) == "1.000G");
  BOOST_TEST(format_count(999999500000) == "1.000T");
}

BOOST_AUTO_TEST_CASE(count_largest_value_stays_in_petas) {
  BOOST_TEST(format_count(kMax) == "18446.744P");
}

BOOST_AUTO_TEST_CASE(bytes_below_1000_are_exact) {
  BOOST_TEST(format_bytes(0) == "0B");
  BOOST_TEST(format_bytes(512) == "512B");
  BOOST_TEST(format_bytes(999) == "999B");
}

BOOST_AUTO_TEST_CASE(bytes_use_two_decimals_and_decimal_units) {
  BOOST_TEST(format_bytes(1000) == "1.00KB");
  BOOST_TEST(format_bytes(2048) == "2.05KB");
  BOOST_TEST(format_bytes(1753088) == "1.75MB");
  BOOST_TEST(format_bytes(3850000) == "3.85MB");
  BOOST_TEST(format_bytes(116954688) == "116.95MB");
  BOOST_TEST(format_bytes(1200000000) == "1.20GB");
  BOOST_TEST(format_bytes(7000000000000) == "7.00TB");
}

BOOST_AUTO_TEST_CASE(bytes_carry_into_next_unit) {
  BOOST_TEST(format_bytes(999994) == "999.99KB");
  BOOST_TEST(format_bytes(999995) == "1.00MB");
  BOOST_TEST(format_bytes(999995000) == "1.00GB");
  BOOST_TEST(format_bytes(kMax) == "18446.74PB");
}

BOOST_AUTO_TEST_CASE(grouped_inserts_thousands_separators) {
  BOOST_TEST(format_grouped(0) == "0");
  BOOST_TEST(format_grouped(999) == "999");
  BOOST_TEST(format_grouped(1000) == "1,000");
  BOOST_TEST(format_grouped(116954688) == "116,954,688");
  BOOST_TEST(format_grouped(11689512) == "11,689,512");
  BOOST_TEST(format_grouped(kMax) == "18,446,744,073,709,551,615");
}
