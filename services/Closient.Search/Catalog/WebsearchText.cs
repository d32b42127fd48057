using System.Globalization;
using System.Text;

namespace Closient.Search.Catalog;

/// <summary>
/// What a query in PostgreSQL's <c>websearch_to_tsquery</c> syntax asks for, read the way PostgreSQL
/// reads it: words, <c>"quoted phrases"</c> (an unbalanced quote runs to the end), <c>-exclusions</c>
/// (a <c>-</c> at the start of a word or phrase) and the <c>or</c> operator (any case). PostgreSQL still
/// does the matching; this is for validation (a query with nothing to look for), the substring / trigram
/// fallback and the analytics terms.
/// </summary>
public sealed record WebsearchText(IReadOnlyList<string> Terms, IReadOnlyList<string> Excluded)
{
    /// <summary>The terms searched for, joined by spaces: what the fallback compares names with.</summary>
    public string PositiveText => string.Join(' ', Terms);

    public static WebsearchText Parse(string query)
    {
        var terms = new List<string>();
        var excluded = new List<string>();
        var i = 0;
        while (i < query.Length)
        {
            if (char.IsWhiteSpace(query[i])) { i++; continue; }
            var negated = false;
            if (query[i] == '-' && i + 1 < query.Length && !char.IsWhiteSpace(query[i + 1]))
            {
                negated = true;
                i++;
            }
            string token;
            var quoted = query[i] == '"';
            if (quoted)
            {
                var end = query.IndexOf('"', i + 1);
                token = end < 0 ? query[(i + 1)..] : query[(i + 1)..end];
                i = end < 0 ? query.Length : end + 1;
            }
            else
            {
                var start = i;
                while (i < query.Length && !char.IsWhiteSpace(query[i]) && query[i] != '"') i++;
                token = query[start..i];
            }
            if (!quoted && !negated && token.Equals("or", StringComparison.OrdinalIgnoreCase)) continue;
            foreach (var word in Words(token))
                (negated ? excluded : terms).Add(word);
        }
        return new WebsearchText(Distinct(terms), Distinct(excluded));
    }

    /// <summary>Lower-cased words without accents; letters, digits and symbols (emoji) count, punctuation separates.</summary>
    public static IEnumerable<string> Words(string text)
    {
        var word = new StringBuilder();
        foreach (var rune in Fold(text).EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            var keep = Rune.IsLetterOrDigit(rune) || category is UnicodeCategory.OtherSymbol or UnicodeCategory.ModifierSymbol
                or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark || rune.Value is 0x200D or 0xFE0F;
            if (keep) word.Append(rune.ToString());
            else if (word.Length > 0) { yield return word.ToString(); word.Clear(); }
        }
        if (word.Length > 0) yield return word.ToString();
    }

    /// <summary>
    /// Lower case without accents on Latin letters ("Crème" → "creme"), as <c>unaccent</c> folds for the index.
    /// Table-driven: the service runs with invariant globalization, where <c>string.Normalize</c> is not available.
    /// </summary>
    public static string Fold(string text)
    {
        var folded = new StringBuilder(text.Length);
        var latinBase = false;
        foreach (var c in text.ToLowerInvariant())
        {
            // A combining accent after a Latin letter goes; marks of other scripts are part of the word.
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark && latinBase) continue;
            latinBase = c < '\u0250' && char.IsLetter(c);
            if (c is >= LatinFrom and < '\u0250')
            {
                var special = Special(c);
                if (special is not null) { folded.Append(special); continue; }
                var plain = LatinBase[c - LatinFrom];
                folded.Append(plain == '.' ? c : plain);
            }
            else folded.Append(c);
        }
        return folded.ToString();
    }

    const char LatinFrom = '\u00C0';

    /// <summary>U+00C0–U+024F: the unaccented ASCII letter of each precomposed Latin letter ('.' = none).</summary>
    const string LatinBase = "AAAAAA.CEEEEIIII.NOOOOO..UUUUY..aaaaaa.ceeeeiiii.nooooo..uuuuy.yAaAaAaCcCcCcCcDd..EeEeEeEeEeGgGgGgGgHh..IiIiIiIiI...JjKk.LlLlLl....NnNnNn...OoOoOo..RrRrRrSsSsSsSsTtTt..UuUuUuUuUuUuWwYyYZzZzZz.................................Oo.............Uu............................AaIiOoUuUuUuUuUu.AaAa....GgKkOoOo..j...Gg..NnAa....AaAaEeEeIiIiOoOoRrRrUuUuSsTt..Hh......AaEeOoOoOoOoYy............................";

    static string? Special(char c) => c switch
    {
        'ß' => "ss", 'æ' => "ae", 'œ' => "oe", 'ø' => "o", 'đ' => "d", 'ð' => "d", 'ł' => "l", 'þ' => "th", 'ı' => "i", 'ħ' => "h", 'ŧ' => "t",
        _ => null,
    };

    static List<string> Distinct(List<string> words) => words.Distinct(StringComparer.Ordinal).ToList();
}
