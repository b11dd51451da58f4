// SPDX-License-Identifier: GPL-2.0-or-later
#include "doctor.hpp"

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
const char efi_secure_boot[] =
	"/sys/firmware/efi/efivars/SecureBoot-8be4df61-93ca-11d2-aa0d-e5c98c3b71ec";

bool exists(const std::string &path)
{
	return ::access(path.c_str(), F_OK) == 0;
}

std::string first_line(const std::string &path)
{
	std::ifstream in(path);
	std::string line;

	std::getline(in, line);
	return line;
}

// Does depmod know an exprcheck module for this kernel (so modprobe finds it)?
bool module_installed(const std::string &modules_dep)
{
	std::ifstream in(modules_dep);
	std::string line;

	while (std::getline(in, line)) {
		std::string path = line.substr(0, line.find(':'));
		if (path == "exprcheck.ko" || path.find("/exprcheck.ko") != std::string::npos)
			return true;
	}
	return false;
}

enum class SecureBoot { on, off, unknown };

SecureBoot secure_boot()
{
	// An unsigned module is refused when either says so.
	if (first_line("/sys/module/module/parameters/sig_enforce") == "Y")
		return SecureBoot::on;
	std::ifstream in(efi_secure_boot, std::ios::binary);
	char var[5];	// 4 bytes of attributes, then the value
	if (in.read(var, sizeof(var)))
		return var[4] == 1 ? SecureBoot::on : SecureBoot::off;
	return exists("/sys/firmware/efi") ? SecureBoot::unknown : SecureBoot::off;
}

enum class Device { absent, foreign, denied, ready };

struct Kernel {
	std::string release;
	std::string modules_dir;	// /lib/modules/RELEASE
	bool modules;			// can load modules at all
	bool loaded;
	bool installed;
	bool headers;
	SecureBoot secure_boot;
	Device device;
	std::string syscall_nr;		// empty unless a patched kernel publishes it
};

Device probe_device()
{
	struct stat st;

	if (::stat(device, &st))
		return Device::absent;
	if (!S_ISCHR(st.st_mode))
		return Device::foreign;
	return ::access(device, R_OK | W_OK) ? Device::denied : Device::ready;
}

Kernel probe_kernel()
{
	struct utsname uts;
	Kernel k;

	k.release = ::uname(&uts) == 0 ? uts.release : "unknown";
	k.modules_dir = "/lib/modules/" + k.release;
	k.modules = exists("/proc/modules");
	k.loaded = exists("/sys/module/exprcheck");
	k.installed = module_installed(k.modules_dir + "/modules.dep");
	k.headers = exists(k.modules_dir + "/build/Makefile");
	k.secure_boot = secure_boot();
	k.device = probe_device();
	k.syscall_nr = first_line("/sys/kernel/exprcheck/syscall_nr");
	return k;
}

void describe(std::ostream &out, const Kernel &k)
{
	static const char *const device_state[] = {
		"is absent", "is not a character device",
		"is not readable and writable by this user", "is ready",
	};

	out << "kernel: " << k.release << '\n'
	    << "module support: " << (k.modules ? "yes" : "no (/proc/modules is absent)") << '\n'
	    << "module: " << (k.loaded ? "loaded" : "not loaded (/sys/module/exprcheck is absent)") << '\n'
	    << "installed module: " << (k.installed ? "yes, in " : "none in ")
	    << k.modules_dir << "/modules.dep\n"
	    << "kernel headers: " << (k.headers ? "present (" : "missing (")
	    << k.modules_dir << "/build)\n"
	    << "secure boot: "
	    << (k.secure_boot == SecureBoot::on ? "on (or module signatures enforced)" :
		k.secure_boot == SecureBoot::off ? "off" : "unknown") << '\n'
	    << "device: " << device << ' ' << device_state[static_cast<int>(k.device)] << '\n';
	if (!k.syscall_nr.empty())
		out << "system call: number " << k.syscall_nr << '\n';
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
	if (k.installed)
		out.push_back("the module is installed for this kernel: `modprobe exprcheck`");
	else if (!k.headers)
		out.push_back("to build the module for this kernel, install its headers first"
			      " (Debian: apt-get install linux-headers-" + k.release + ")");
	else
		out.push_back("build the module with KDIR=" + k.modules_dir + "/build (or DKMS),"
			      " then `insmod exprcheck.ko`, or install it and `modprobe exprcheck`");
	if (k.secure_boot != SecureBoot::off)
		out.push_back("if insmod says \"Key was rejected by service\", Secure Boot refuses"
			      " the unsigned module: sign exprcheck.ko with a key enrolled by"
			      " `mokutil --import` (DKMS signs with its MOK key), or turn Secure Boot off");
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
	Kernel k = probe_kernel();
	describe(out, k);
	for (const std::string &hint : hints(k))
		out << "hint: " << hint << '\n';
	return any ? 0 : 1;
}

} // namespace cli
