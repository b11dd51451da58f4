// SPDX-License-Identifier: GPL-2.0-or-later
// What Secure Boot asks of the module: is it on, is a module file signed,
// and is the key DKMS signs with enrolled as a Machine Owner Key?
#ifndef EXPRCHECK_CLI_MODULE_SIGNING_HPP
#define EXPRCHECK_CLI_MODULE_SIGNING_HPP

#include "system_files.hpp"

#include <string>

namespace cli {

// The certificate DKMS 3 signs modules with (and creates if missing).
extern const char dkms_certificate[];

enum class SecureBoot { on, off, not_efi, unknown };

// The firmware's SecureBoot variable.
SecureBoot secure_boot(const SystemFiles &sys);

enum class Signature { is_signed, is_unsigned, unknown };

// Whether the module file at @path (on the system, a .ko or a .ko.xz,
// .ko.zst or .ko.gz that the matching tool decompresses) carries an
// appended signature; *@why says why when unknown.
Signature module_file_signature(const SystemFiles &sys, const std::string &path,
				std::string *why);

enum class Enrolment { enrolled, not_enrolled, no_key, unknown };

// Whether dkms_certificate is among the keys the shim enrolled
// (MokListRT), which the kernel trusts for modules.
Enrolment dkms_key_enrolment(const SystemFiles &sys);

} // namespace cli

#endif // EXPRCHECK_CLI_MODULE_SIGNING_HPP
