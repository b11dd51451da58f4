// SPDX-License-Identifier: GPL-2.0-or-later
#include "module_signing.hpp"

#include <cstdio>
#include <string_view>

namespace cli {

const char dkms_certificate[] = "/var/lib/dkms/mok.pub";

namespace {

// EFI_GLOBAL_VARIABLE and the shim's GUID, as the kernel's efi.h has them.
const char efi_dir[] = "/sys/firmware/efi";
const char secure_boot_var[] =
	"/sys/firmware/efi/efivars/SecureBoot-8be4df61-93ca-11d2-aa0d-00e098032b8c";
const char mok_list_var[] =
	"/sys/firmware/efi/efivars/MokListRT-605dab50-e046-4300-abb6-3dd810dd8b23";
// The same list from the shim's configuration table (Linux 5.10 on).
const char mok_list_table[] = "/sys/firmware/efi/mok-variables/MokListRT";

// sign-file appends this after the signature (scripts/sign-file.c).
const std::string_view signature_marker = "~Module signature appended~\n";

// An efivarfs file: 4 bytes of attributes, then the value.
const std::size_t efivar_attributes = 4;

bool ends_with(const std::string &s, std::string_view tail)
{
	return s.size() >= tail.size() &&
	       s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

std::string shell_quoted(const std::string &s)
{
	std::string q = "'";

	for (char c : s)
		q += c == '\'' ? std::string("'\\''") : std::string(1, c);
	return q + "'";
}

// The last bytes @tool writes when decompressing @file; false if it fails.
bool decompressed_tail(const char *tool, const std::string &file,
		       std::string &tail)
{
	std::string cmd = std::string(tool) + " -dc -- " + shell_quoted(file) +
			  " 2>/dev/null";
	FILE *p = ::popen(cmd.c_str(), "r");
	char buf[65536];
	std::size_t n;

	if (!p)
		return false;
	while ((n = std::fread(buf, 1, sizeof(buf), p)) > 0) {
		tail.append(buf, n);
		if (tail.size() > signature_marker.size())
			tail.erase(0, tail.size() - signature_marker.size());
	}
	return ::pclose(p) == 0;
}

} // namespace

SecureBoot secure_boot(const SystemFiles &sys)
{
	std::string var;

	if (!sys.exists(efi_dir))
		return SecureBoot::not_efi;
	if (!sys.read(secure_boot_var, var) || var.size() <= efivar_attributes)
		return SecureBoot::unknown;
	return var[efivar_attributes] == 1 ? SecureBoot::on : SecureBoot::off;
}

Signature module_file_signature(const SystemFiles &sys, const std::string &path,
				std::string *why)
{
	static const struct {
		std::string_view suffix;
		const char *tool;
	} compressed[] = {
		{ ".ko.xz", "xz" }, { ".ko.zst", "zstd" }, { ".ko.gz", "gzip" },
	};
	std::string bytes;

	for (const auto &c : compressed) {
		if (!ends_with(path, c.suffix))
			continue;
		if (decompressed_tail(c.tool, sys.at(path), bytes))
			return ends_with(bytes, signature_marker) ?
				Signature::is_signed : Signature::is_unsigned;
		*why = std::string("cannot decompress it with ") + c.tool;
		return Signature::unknown;
	}
	if (!sys.read(path, bytes)) {
		*why = "cannot read it";
		return Signature::unknown;
	}
	return ends_with(bytes, signature_marker) ? Signature::is_signed :
						    Signature::is_unsigned;
}

Enrolment dkms_key_enrolment(const SystemFiles &sys)
{
	std::string cert, list;

	if (!sys.read(dkms_certificate, cert) || cert.empty())
		return Enrolment::no_key;
	if (!sys.read(mok_list_table, list)) {
		if (!sys.read(mok_list_var, list) || list.size() <= efivar_attributes)
			return Enrolment::unknown;
		list.erase(0, efivar_attributes);
	}
	// The list holds each key's DER certificate whole (EFI_SIGNATURE_LIST).
	return list.find(cert) != std::string::npos ? Enrolment::enrolled :
						      Enrolment::not_enrolled;
}

} // namespace cli
