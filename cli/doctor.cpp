// SPDX-License-Identifier: GPL-2.0-or-later
#include "doctor.hpp"
#include "module_signing.hpp"
#include "system_files.hpp"

#include <exprcheck/exprcheck.hpp>

#include <fstream>
#include <string>
#include <vector>

#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

namespace cli {
namespace {

const char device[] = "/dev/exprcheck";
const char dkms_dir[] = "/var/lib/dkms/exprcheck";

bool is_module_file(const std::string &path)
{
	static const char *const names[] = {
		"exprcheck.ko", "exprcheck.ko.xz", "exprcheck.ko.zst", "exprcheck.ko.gz",
	};
	std::string base = path.substr(path.rfind('/') + 1);

	for (const char *name : names)
		if (base == name)
			return true;
	return false;
}

// The module file depmod knows for this kernel (so modprobe finds it), as
// modinfo looks it up: its path in modules.dep, relative to the modules
// directory. Empty when there is none.
std::string installed_module(const SystemFiles &sys, const std::string &modules_dir)
{
	std::ifstream in(sys.at(modules_dir + "/modules.dep"));
	std::string line;

	while (std::getline(in, line)) {
		std::string path = line.substr(0, line.find(':'));
		if (is_module_file(path))
			return path[0] == '/' ? path : modules_dir + "/" + path;
	}
	return {};
}

enum class Device { absent, foreign, denied, ready };

// What DKMS holds of exprcheck: the versions added, and the one built for
// this kernel ($dkms_tree/exprcheck/VERSION/RELEASE/).
struct Dkms {
	std::vector<std::string> versions;
	std::string built;
	std::string failed_log;	// a build that failed leaves its log behind
};

struct Kernel {
	std::string release;
	std::string modules_dir;	// /lib/modules/RELEASE
	bool modules;			// can load modules at all
	bool loaded;
	std::string taint;		// the loaded module's taint flags
	std::string installed;		// the module file modprobe would load
	Signature signature;		// of that file
	std::string signature_why;
	Dkms dkms;
	bool headers;
	SecureBoot secure_boot;
	bool sig_checked;		// built with module signatures
	bool sig_required;		// unsigned modules are refused
	Enrolment dkms_key;
	Device device;
	std::string syscall_nr;		// empty unless a patched kernel publishes it
};

Device probe_device(const SystemFiles &sys)
{
	const std::string path = sys.at(device);
	struct stat st;

	if (::stat(path.c_str(), &st))
		return Device::absent;
	if (!S_ISCHR(st.st_mode))
		return Device::foreign;
	return ::access(path.c_str(), R_OK | W_OK) ? Device::denied : Device::ready;
}

Dkms probe_dkms(const SystemFiles &sys, const std::string &release)
{
	Dkms d;

	for (const std::string &name : sys.list(dkms_dir)) {
		std::string dir = std::string(dkms_dir) + "/" + name;
		// Beside the versions: kernel-RELEASE-ARCH links, original_module.
		if (!sys.exists(dir + "/source") && !sys.exists(dir + "/build"))
			continue;
		d.versions.push_back(name);
		if (sys.exists(dir + "/" + release))
			d.built = name;
		else if (sys.exists(dir + "/build/make.log"))
			d.failed_log = dir + "/build/make.log";
	}
	return d;
}

Kernel probe_kernel(const SystemFiles &sys)
{
	const char sig_enforce[] = "/sys/module/module/parameters/sig_enforce";
	struct utsname uts;
	Kernel k;

	k.release = ::uname(&uts) == 0 ? uts.release : "unknown";
	k.modules_dir = "/lib/modules/" + k.release;
	k.modules = sys.exists("/proc/modules");
	k.loaded = sys.exists("/sys/module/exprcheck");
	k.taint = sys.first_line("/sys/module/exprcheck/taint");
	k.installed = installed_module(sys, k.modules_dir);
	k.signature = Signature::unknown;
	if (!k.installed.empty())
		k.signature = module_file_signature(sys, k.installed, &k.signature_why);
	k.dkms = probe_dkms(sys, k.release);
	k.headers = sys.exists(k.modules_dir + "/build/Makefile");
	k.secure_boot = secure_boot(sys);
	k.sig_checked = sys.exists(sig_enforce);
	// Under Secure Boot the kernel's lockdown refuses unsigned modules.
	k.sig_required = k.secure_boot == SecureBoot::on ||
			 sys.first_line(sig_enforce) == "Y";
	k.dkms_key = dkms_key_enrolment(sys);
	k.device = probe_device(sys);
	k.syscall_nr = sys.first_line("/sys/kernel/exprcheck/syscall_nr");
	return k;
}

std::string describe_dkms(const Kernel &k)
{
	if (!k.dkms.built.empty())
		return "exprcheck " + k.dkms.built + " built for " + k.release;
	if (!k.dkms.versions.empty())
		return "exprcheck " + k.dkms.versions.back() + " not built for " + k.release;
	return std::string("exprcheck not added (") + dkms_dir + " is absent)";
}

void describe(std::ostream &out, const Kernel &k)
{
	static const char *const device_state[] = {
		"is absent", "is not a character device",
		"is not readable and writable by this user", "is ready",
	};
	static const char *const secure_boot_state[] = {
		"on", "off", "not an EFI system", "unknown (no readable SecureBoot variable)",
	};
	static const char *const key_state[] = {
		"enrolled", "not enrolled (not in MokListRT)",
		"none yet (DKMS 3 creates it when it first signs a module)",
		"unknown (no readable MokListRT)",
	};

	out << "kernel: " << k.release << '\n'
	    << "module support: " << (k.modules ? "yes" : "no (/proc/modules is absent)") << '\n'
	    << "module: " << (k.loaded ? "loaded" : "not loaded (/sys/module/exprcheck is absent)") << '\n';
	if (k.loaded)
		out << "loaded module: "
		    << (k.taint.find('E') != std::string::npos ?
				"unsigned (taint flag E)" :
				"signed, or not checked by this kernel (no taint flag E)")
		    << '\n';
	out << "installed module: " << (k.installed.empty() ? "none in " : "yes, in ")
	    << k.modules_dir << "/modules.dep\n";
	if (!k.installed.empty())
		out << "module file: " << k.installed << ' '
		    << (k.signature == Signature::is_signed ? "is signed" :
			k.signature == Signature::is_unsigned ? "is unsigned" :
			"has an unknown signature: " + k.signature_why)
		    << '\n';
	out << "dkms: " << describe_dkms(k) << '\n'
	    << "kernel headers: " << (k.headers ? "present (" : "missing (")
	    << k.modules_dir << "/build)\n"
	    << "secure boot: " << secure_boot_state[static_cast<int>(k.secure_boot)] << '\n'
	    << "module signatures: "
	    << (k.sig_required ? "required" :
		k.sig_checked ? "checked, not required" : "not checked by this kernel")
	    << '\n';
	if (k.secure_boot != SecureBoot::not_efi)
		out << "dkms signing key: " << dkms_certificate << ' '
		    << key_state[static_cast<int>(k.dkms_key)] << '\n';
	out << "device: " << device << ' ' << device_state[static_cast<int>(k.device)] << '\n';
	if (!k.syscall_nr.empty())
		out << "system call: number " << k.syscall_nr << '\n';
}

// What to do so that the module gets built and installed for this kernel.
void build_hints(const Kernel &k, std::vector<std::string> &out)
{
	if (!k.installed.empty()) {
		out.push_back("the module is installed for this kernel: `modprobe exprcheck`");
		return;
	}
	if (!k.headers) {
		out.push_back("to build the module for this kernel, install its headers first"
			      " (Debian: apt-get install linux-headers-" + k.release + ")" +
			      (k.dkms.versions.empty() ? "" : ": DKMS builds it once they are there"));
		return;
	}
	if (!k.dkms.failed_log.empty())
		out.push_back("DKMS failed to build the module: see " + k.dkms.failed_log);
	if (!k.dkms.versions.empty())
		out.push_back("build and install it with DKMS: `dkms install -m exprcheck -v " +
			      k.dkms.versions.back() + " -k " + k.release + "`");
	else
		out.push_back("build the module with KDIR=" + k.modules_dir + "/build (or DKMS:"
			      " apt-get install exprcheck-dkms), then `insmod exprcheck.ko`,"
			      " or install it and `modprobe exprcheck`");
}

// What Secure Boot or signature enforcement needs before the module loads.
void signing_hints(const Kernel &k, std::vector<std::string> &out)
{
	const std::string mokutil = std::string("`mokutil --import ") + dkms_certificate +
				    "`, reboot and enrol the key in the MOK manager";

	if (!k.sig_required)
		return;
	if (k.signature == Signature::is_unsigned) {
		out.push_back(k.installed + " is unsigned, so the kernel refuses it (\"Key was"
			      " rejected by service\"): DKMS 3 signs what it builds with"
			      " /var/lib/dkms/mok.key (DKMS 2.8 only with a sign_tool in"
			      " /etc/dkms/framework.conf); rebuild it, then " + mokutil);
		return;
	}
	if (k.dkms_key == Enrolment::enrolled)
		return;
	if (k.signature == Signature::is_signed)
		out.push_back(k.installed + " is signed, but the kernel trusts the key only"
			      " once it is enrolled: " + mokutil);
	else
		out.push_back("the kernel loads only signed modules: sign exprcheck.ko (DKMS 3"
			      " does it with /var/lib/dkms/mok.key), then " + mokutil);
}

// What to do so that the ioctl backend works.
std::vector<std::string> hints(const Kernel &k)
{
	const std::string dev(device);
	std::vector<std::string> out;

	switch (k.device) {
	case Device::ready:
		return out;
	case Device::foreign:
		out.push_back(dev + " is not the module's device: remove it and load the module again");
		return out;
	case Device::denied:
		out.push_back("a udev rule narrows " + dev + " to a group: run as a member of it");
		return out;
	case Device::absent:
		break;
	}
	if (k.loaded) {
		out.push_back("the module is loaded but " + dev + " is missing: udev or devtmpfs did"
			      " not create it; its numbers are in /sys/class/misc/exprcheck/dev"
			      " (mknod " + dev + " c MAJOR MINOR)");
		return out;
	}
	if (!k.modules) {
		out.push_back("this kernel cannot load modules (built without CONFIG_MODULES): the"
			      " ioctl backend needs a kernel that can, a distribution kernel or a VM");
		return out;
	}
	build_hints(k, out);
	signing_hints(k, out);
	return out;
}

} // namespace

int doctor(std::ostream &out)
{
	static const exprcheck::Backend backends[] = {
		exprcheck::Backend::syscall,
		exprcheck::Backend::ioctl,
		exprcheck::Backend::userspace,
	};
	bool any = false;

	for (exprcheck::Backend b : backends) {
		std::string_view why = exprcheck::unavailable_reason(b);
		out << exprcheck::name(b) << ": ";
		if (why.empty())
			out << "available\n";
		else
			out << "unavailable: " << why << '\n';
		any = any || why.empty();
	}
	Kernel k = probe_kernel(SystemFiles());
	describe(out, k);
	for (const std::string &hint : hints(k))
		out << "hint: " << hint << '\n';
	return any ? 0 : 1;
}

} // namespace cli
