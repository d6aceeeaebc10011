#include "period/period_text.hpp"

#include <cctype>
#include <vector>

namespace greg = boost::gregorian;

namespace chitieu::detail {
namespace {

bool digits(std::string_view s, std::size_t n) {
    if(s.size() != n) return false;
    for(char c : s)
        if(!std::isdigit(static_cast<unsigned char>(c))) return false;
    return true;
}

int num(std::string_view s) {
    int v = 0;
    for(char c : s) v = v * 10 + (c - '0');
    return v;
}

std::optional<greg::date> iso_date(std::string_view s) {
    if(s.size() != 10 || s[4] != '-' || s[7] != '-' || !digits(s.substr(0, 4), 4) ||
       !digits(s.substr(5, 2), 2) || !digits(s.substr(8, 2), 2))
        return std::nullopt;
    return period::day(num(s.substr(0, 4)), num(s.substr(5, 2)), num(s.substr(8, 2)))
        .first();
}

// --- Vietnamese lower-casing ----------------------------------------------

// Lower-casing for the letters Vietnamese uses: ASCII, Latin-1 (À-Þ), the
// Latin Extended-A pairs (Ă, Đ, ...), Ơ/Ư and Latin Extended Additional (Ạ-Ỹ),
// where capitals sit at even code points just before their small letters.
char32_t lower(char32_t c) {
    if(c >= 'A' && c <= 'Z') return c + 32;
    if(c >= 0xC0 && c <= 0xDE && c != 0xD7) return c + 32;
    if(c >= 0x100 && c <= 0x17F && c % 2 == 0) return c + 1;
    if(c == 0x1A0 || c == 0x1AF) return c + 1;
    if(c >= 0x1E00 && c <= 0x1EFF && c % 2 == 0) return c + 1;
    return c;
}

bool is_space(char32_t c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0xA0;
}
bool is_digit(char32_t c) {
    return c >= '0' && c <= '9';
}
bool is_dash(char32_t c) {
    return c == '-' || c == 0x2013 || c == 0x2014;
}

// Words, numbers and the separators '/' and '-' as separate tokens.
std::vector<std::string> tokens(const std::string& text) {
    std::vector<std::string> out;
    std::u32string word;
    const auto flush = [&] {
        if(!word.empty()) out.push_back(encode_utf8(word));
        word.clear();
    };
    for(char32_t c : decode_utf8(text)) {
        c = lower(c);
        if(is_space(c)) {
            flush();
        } else if(c == '/' || is_dash(c)) {
            flush();
            out.push_back(c == '/' ? "/" : "-");
        } else if(!word.empty() && is_digit(c) != is_digit(word.back())) {
            flush();
            word.push_back(c);
        } else {
            word.push_back(c);
        }
    }
    flush();
    return out;
}

bool is_number(const std::string& t) {
    return !t.empty() && t.size() <= 4 && digits(t, t.size());
}

int year_token(const std::string& t) {
    if(!digits(t, 4)) throw input_error("'" + t + "' is not a four-digit year");
    return num(t);
}

int quarter_token(const std::string& t) {
    if(is_number(t)) return num(t);
    static const char* roman[] = {"i", "ii", "iii", "iv"};
    for(int q = 0; q < 4; ++q)
        if(t == roman[q]) return q + 1;
    std::string upper;
    for(char c : t)
        upper.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
    throw input_error("quarter '" + upper + "' is not I-IV (or 1-4)");
}

// "năm Y" or "/ Y" at position i (the year of a month or quarter phrase).
std::optional<int> year_after(const std::vector<std::string>& t, std::size_t i) {
    if(t.size() == i + 2 && (t[i] == "năm" || t[i] == "/")) return year_token(t[i + 1]);
    return std::nullopt;
}

// "D / M / Y" at position i (the date of a day or range phrase).
std::optional<greg::date> date_at(const std::vector<std::string>& t, std::size_t i) {
    if(t.size() < i + 5 || t[i + 1] != "/" || t[i + 3] != "/" || !is_number(t[i]) ||
       !is_number(t[i + 2]))
        return std::nullopt;
    return period::day(year_token(t[i + 4]), num(t[i + 2]), num(t[i])).first();
}

// The phrases of report labels beyond the calendar kinds: "ngày 15/7/2020",
// "tuần 5 năm 2020", "từ ngày 1/2/2020 đến ngày 15/3/2020", and the short chart
// ticks "T7/2020", "Q3/2017" and "S1/2020", so that every label chitieu writes
// reads back.
std::optional<period> parse_label(const std::vector<std::string>& t) {
    const auto n = t.size();
    if(n == 6 && t[0] == "ngày")
        if(auto d = date_at(t, 1)) return period::day(*d);
    if(n == 4 && t[0] == "tuần" && is_number(t[1]))
        if(auto y = year_after(t, 2)) return period::week(*y, num(t[1]));
    if(n == 14 && t[0] == "từ" && t[1] == "ngày" && t[7] == "đến" && t[8] == "ngày") {
        const auto a = date_at(t, 2), b = date_at(t, 9);
        if(a && b) return period::range(*a, *b);
    }
    if(n == 4 && (t[0] == "t" || t[0] == "q" || t[0] == "s") && is_number(t[1]) &&
       t[2] == "/") {
        const int y = year_token(t[3]), k = num(t[1]);
        if(t[0] == "s") return period::half(y, k);
        return t[0] == "t" ? period::month(y, k) : period::quarter(y, k);
    }
    return std::nullopt;
}

}  // namespace

std::u32string decode_utf8(std::string_view s) {
    std::u32string out;
    for(std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        int len = c < 0x80         ? 1
                  : (c >> 5) == 6  ? 2
                  : (c >> 4) == 14 ? 3
                  : (c >> 3) == 30 ? 4
                                   : 0;
        if(len == 0 || i + static_cast<std::size_t>(len) > s.size())
            throw input_error("it is not valid UTF-8");
        char32_t cp = len == 1 ? char32_t{c} : static_cast<char32_t>(c & (0x7Fu >> len));
        for(int k = 1; k < len; ++k) {
            const auto cc =
                static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]);
            if((cc >> 6) != 2) throw input_error("it is not valid UTF-8");
            cp = (cp << 6) | static_cast<char32_t>(cc & 0x3Fu);
        }
        static constexpr char32_t least[] = {0, 0, 0x80, 0x800, 0x10000};
        if(cp < least[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            throw input_error("it is not valid UTF-8");  // overlong or not a character
        out.push_back(cp);
        i += static_cast<std::size_t>(len);
    }
    return out;
}

std::string encode_utf8(const std::u32string& s) {
    std::string out;
    for(char32_t cp : s) {
        if(cp < 0x80) {
            out.push_back(static_cast<char>(cp));
        } else if(cp < 0x800) {
            out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
            out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        } else if(cp < 0x10000) {
            out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
            out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        } else {
            out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
            out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        }
    }
    return out;
}

std::string trim(std::string_view text) {
    std::size_t a = 0, b = text.size();
    while(a < b && std::isspace(static_cast<unsigned char>(text[a]))) ++a;
    while(b > a && std::isspace(static_cast<unsigned char>(text[b - 1]))) --b;
    return std::string(text.substr(a, b - a));
}

std::optional<period> parse_identifier(const std::string& s) {
    const std::string_view v(s);
    if(digits(v, 4)) return period::year(num(v));
    if(v.size() == 6 && digits(v.substr(0, 4), 4) && (v[4] == 'S' || v[4] == 's') &&
       std::isdigit(static_cast<unsigned char>(v[5])))
        return period::half(num(v.substr(0, 4)), v[5] - '0');
    if(v.size() == 6 && digits(v.substr(0, 4), 4) && (v[4] == 'Q' || v[4] == 'q') &&
       std::isdigit(static_cast<unsigned char>(v[5])))
        return period::quarter(num(v.substr(0, 4)), v[5] - '0');
    if(digits(v, 6)) return period::month(num(v.substr(0, 4)), num(v.substr(4, 2)));
    if(v.size() == 7 && v[4] == '-' && digits(v.substr(0, 4), 4) &&
       digits(v.substr(5), 2))
        return period::month(num(v.substr(0, 4)), num(v.substr(5)));
    if((v.size() == 6 || v.size() == 7) && digits(v.substr(0, 4), 4) &&
       (v[4] == 'M' || v[4] == 'm') && digits(v.substr(5), v.size() - 5))
        return period::month(num(v.substr(0, 4)), num(v.substr(5)));
    if((v.size() == 6 || v.size() == 7) && digits(v.substr(0, 4), 4) &&
       (v[4] == 'W' || v[4] == 'w') && digits(v.substr(5), v.size() - 5))
        return period::week(num(v.substr(0, 4)), num(v.substr(5)));
    if(digits(v, 8))
        return period::day(num(v.substr(0, 4)), num(v.substr(4, 2)), num(v.substr(6)));
    if(auto d = iso_date(v)) return period::day(*d);
    if(v.size() == 9 && v[4] == '-' && digits(v.substr(0, 4), 4) &&
       digits(v.substr(5), 4))
        return period::span(num(v.substr(0, 4)), num(v.substr(5)));
    if(v.size() == 21 && v[10] == '/') {
        const auto a = iso_date(v.substr(0, 10)), b = iso_date(v.substr(11));
        if(a && b) return period::range(*a, *b);
    }
    return std::nullopt;
}

std::optional<period> parse_vietnamese(const std::string& text) {
    const auto t = tokens(text);
    const auto n = t.size();
    // tháng M năm Y | tháng M/Y
    if(n == 4 && t[0] == "tháng" && is_number(t[1]))
        if(auto y = year_after(t, 2)) return period::month(*y, num(t[1]));
    // quý Q năm Y | quý Q/Y
    if(n == 4 && t[0] == "quý")
        if(auto y = year_after(t, 2)) return period::quarter(*y, quarter_token(t[1]));
    // năm Y
    if(n == 2 && t[0] == "năm") return period::year(year_token(t[1]));
    // giai đoạn Y0 - Y1
    if(n == 5 && t[0] == "giai" && t[1] == "đoạn" && t[3] == "-")
        return period::span(year_token(t[2]), year_token(t[4]));
    // N tháng [đầu|cuối] năm Y: the first or last N months of the year. Six months
    // are a half-year, three a quarter, twelve the year; other counts a range.
    if((n == 4 || n == 5) && is_number(t[0]) && t[1] == "tháng" && t[n - 2] == "năm") {
        const bool tail = n == 5 && t[2] == "cuối";
        if(n == 5 && t[2] != "đầu" && !tail) return std::nullopt;
        const int months = num(t[0]), y = year_token(t[n - 1]);
        if(months < 1 || months > 12)
            throw input_error(std::to_string(months) + " months is not 1-12");
        if(months == 12) return period::year(y);
        if(months == 6) return period::half(y, tail ? 2 : 1);
        if(months == 3) return period::quarter(y, tail ? 4 : 1);
        const auto first = tail ? period::month(y, 13 - months) : period::month(y, 1);
        const auto last = tail ? period::month(y, 12) : period::month(y, months);
        return period::range(first.first(), last.last());
    }
    return parse_label(t);
}

}  // namespace chitieu::detail
