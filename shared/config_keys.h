#pragma once

// Internal to the configuration reader (config.cpp, config_keys.cpp): the table of keys and
// the parse function of each. Everything else uses config.h.

#include "config.h"

#include <optional>

namespace academy::config_detail {

// What a parse function says about a bad value: one sentence without the variable prefix,
// e.g. "must be a whole number from 0 to 65535 (got \"70000\")". Nothing when it is good.
using Problem = std::optional<QString>;

// How much of a key's value may be shown, and where it may come from.
enum class Sensitivity
{
    Plain,  // echoed in messages, may come from saved settings
    Hidden, // never echoed (a bearer token), may come from saved settings
    Secret, // never echoed, never read from saved settings: keychain or environment only
};

// One raw value on its way into Config, carrying what a message may say about it.
struct RawValue
{
    QString text;
    bool hidden = false;
    // `(got "…")`, or `(value hidden)` for a secret, so no parse function can leak one.
    QString got() const;
};

using ParseFunction = Problem (*)(Config &config, const RawValue &value);

struct KeySpec
{
    QString variable;
    QString valueName;
    QString help;
    ParseFunction parse;
    Sensitivity sensitivity = Sensitivity::Plain;
};

// Every variable of the contract's Configuration table, in its order.
const QList<KeySpec> &keySpecs();

// "DB_URL" -> "--db-url".
QString flagFor(const QString &variable);

} // namespace academy::config_detail
