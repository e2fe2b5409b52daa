#pragma once

#include <QString>

namespace astro {

// Which Astronomer product a domain belongs to: Astro (the hosted platform, OAuth against its
// identity provider) or Astro Private Cloud (APC, formerly Astronomer Software: a Houston
// GraphQL API in the customer's cluster).
enum class Product { Astro, Apc };

// The name in stored values and JSON output: "astro" or "apc".
inline QString productName(Product p)
{
    return p == Product::Apc ? QStringLiteral("apc") : QStringLiteral("astro");
}

// Reads "astro" or "apc"; returns false (and leaves `out` alone) for anything else.
inline bool productFromName(const QString& name, Product* out)
{
    if (name == QLatin1String("astro"))
        *out = Product::Astro;
    else if (name == QLatin1String("apc"))
        *out = Product::Apc;
    else
        return false;
    return true;
}

} // namespace astro
